import { type Kysely, sql } from 'kysely';

/**
 * WeCom (企业微信) group robots a school registers as a delivery channel. The robot's key is the
 * whole credential (anyone with it can post to the group), so only its sealed form and its last
 * four characters (to tell robots apart) are kept; the URL is rebuilt from the key when sending.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message_wecom_robots (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      key_sealed text NOT NULL CHECK (key_sealed LIKE 'v1.%'),
      key_hint text NOT NULL CHECK (length(key_hint) <= 8),
      categories text[] NOT NULL DEFAULT '{notice,alert}'
        CHECK (categories <@ '{notice,todo,alert,approval}'::text[] AND cardinality(categories) > 0),
      org_unit_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(org_unit_ids) <= 50),
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES persons(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      key_rotated_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('message_wecom_robots')`.execute(db);
  await sql`
    ALTER TABLE message_outbox
      DROP CONSTRAINT message_outbox_channel_check,
      ADD CONSTRAINT message_outbox_channel_check CHECK (channel IN ('email', 'sms', 'webhook', 'wecom'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM message_outbox WHERE channel = 'wecom'`.execute(db);
  await sql`
    ALTER TABLE message_outbox
      DROP CONSTRAINT message_outbox_channel_check,
      ADD CONSTRAINT message_outbox_channel_check CHECK (channel IN ('email', 'sms', 'webhook'))`.execute(db);
  await sql`DROP TABLE message_wecom_robots`.execute(db);
}
