import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// Message centre (issue 7): messages and their per-person deliveries (the inbox), the outbox of
// external channels (email, SMS, webhooks), templates, webhooks, quotas and preferences.

const PERSON = `nullif(current_setting('app.person_id', true), '')::uuid`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per message, owned by the sender's tenant (a school, or a bureau for bureau notices).
  // content holds the rendered text per locale: {"zh-CN": {title, text, html}, "en": {...}}.
  await sql`
    CREATE TABLE messages (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      category text NOT NULL CHECK (category IN ('notice', 'todo', 'alert', 'approval')),
      priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
      sender_kind text NOT NULL CHECK (sender_kind IN ('platform', 'person', 'app')),
      sender_key text NOT NULL CHECK (sender_key ~ '^(platform|person|app):[A-Za-z0-9._-]{1,64}$'),
      sender_person_id uuid REFERENCES persons(id),
      sender_installation_id uuid,
      sender_name text NOT NULL CHECK (length(sender_name) BETWEEN 1 AND 200),
      content jsonb NOT NULL,
      deep_link text CHECK (deep_link ~ '^/[^/\\\\]' AND length(deep_link) <= 500),
      template_key text,
      audience jsonb NOT NULL DEFAULT '{}',
      channels text[] NOT NULL DEFAULT '{}',
      recipient_count integer NOT NULL,
      receipts boolean NOT NULL DEFAULT false,
      reminder_of uuid,
      idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      CHECK ((sender_kind = 'person') = (sender_person_id IS NOT NULL)),
      CHECK ((sender_kind = 'app') = (sender_installation_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX messages_idempotency_key ON messages (tenant_id, sender_key, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX messages_sender_idx ON messages (tenant_id, sender_key, created_at DESC)`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('messages')`.execute(db);

  // One row per (message, person): the inbox item, with its read state. seq orders a person's
  // inbox and is the SSE event id. category and priority are copied so the inbox filters and
  // unread counts never touch messages.
  await sql`
    CREATE TABLE message_deliveries (
      tenant_id uuid NOT NULL,
      message_id uuid NOT NULL,
      person_id uuid NOT NULL REFERENCES persons(id),
      seq bigserial NOT NULL,
      category text NOT NULL,
      priority text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      archived_at timestamptz,
      PRIMARY KEY (tenant_id, message_id, person_id),
      FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
    )`.execute(db);
  // The inbox spans schools, so these lead with person_id: a person's own rows, in every school.
  await sql`CREATE UNIQUE INDEX message_deliveries_inbox_idx ON message_deliveries (person_id, seq DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX message_deliveries_unread_idx ON message_deliveries (person_id, category) WHERE read_at IS NULL AND archived_at IS NULL`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('message_deliveries')`.execute(db);

  // The person-scope wall (see core/src/identity/person-scope.ts): with app.person_id set and no
  // tenant, a person reads and updates their own deliveries in every school, and reads only the
  // messages they received. Nobody else's rows open up.
  await sql
    .raw(`CREATE POLICY person_self_read ON message_deliveries FOR SELECT USING (person_id = ${PERSON})`)
    .execute(db);
  await sql
    .raw(
      `CREATE POLICY person_self_update ON message_deliveries FOR UPDATE USING (person_id = ${PERSON}) WITH CHECK (person_id = ${PERSON})`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE POLICY person_recipient ON messages FOR SELECT USING (EXISTS (
        SELECT 1 FROM message_deliveries d
        WHERE d.tenant_id = messages.tenant_id AND d.message_id = messages.id AND d.person_id = ${PERSON}))`,
    )
    .execute(db);

  // The outbox of external channels, written in the sender's transaction and drained by the
  // per-channel workers (FOR UPDATE SKIP LOCKED). target is the person id, or the webhook id.
  // A claimed row is 'sending' with next_attempt_at as its lease: a worker that dies leaves it to
  // be claimed again when the lease ends.
  await sql`
    CREATE TABLE message_outbox (
      tenant_id uuid NOT NULL,
      id bigserial NOT NULL,
      message_id uuid NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
      target uuid NOT NULL,
      address text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
      digest boolean NOT NULL DEFAULT false,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      provider text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, message_id, channel, target),
      FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
    )`.execute(db);
  // Workers claim across schools (as the owner): this index serves the claim query.
  await sql`CREATE INDEX message_outbox_due_idx ON message_outbox (channel, next_attempt_at) WHERE status IN ('pending', 'sending')`.execute(
    db,
  );
  await sql`CREATE INDEX message_outbox_dead_idx ON message_outbox (tenant_id, created_at DESC) WHERE status = 'dead'`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('message_outbox')`.execute(db);

  // A school's own templates; built-in templates live in code and are overridden by key.
  await sql`
    CREATE TABLE message_templates (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_.-]{1,63}$'),
      locale text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      text text NOT NULL CHECK (length(text) <= 20000),
      html text CHECK (length(html) <= 50000),
      updated_by uuid REFERENCES persons(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key, locale)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('message_templates')`.execute(db);

  // Webhooks a school registers (a WeCom robot relay, the school's own systems); signed with HMAC.
  await sql`
    CREATE TABLE message_webhooks (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 1000),
      secret text NOT NULL,
      categories text[] NOT NULL DEFAULT '{notice,todo,alert,approval}',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('message_webhooks')`.execute(db);

  // Sending counters per sender and window, updated in the sender's transaction.
  await sql`
    CREATE TABLE message_quota_usage (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      sender_key text NOT NULL,
      window_kind text NOT NULL CHECK (window_kind IN ('hour', 'day')),
      window_start timestamptz NOT NULL,
      messages integer NOT NULL DEFAULT 0,
      recipients integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, sender_key, window_kind, window_start)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('message_quota_usage')`.execute(db);

  // A person's own settings, across schools (global, like persons): which channels per category,
  // quiet hours, digests. The routes only ever touch the caller's own row.
  await sql`
    CREATE TABLE message_preferences (
      person_id uuid PRIMARY KEY REFERENCES persons(id),
      channels jsonb NOT NULL DEFAULT '{}',
      quiet_start smallint NOT NULL DEFAULT 1320 CHECK (quiet_start BETWEEN 0 AND 1439),
      quiet_end smallint NOT NULL DEFAULT 420 CHECK (quiet_end BETWEEN 0 AND 1439),
      digest_low boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The recipients' policy on messages reads message_deliveries, so it goes first.
  await sql`DROP POLICY person_recipient ON messages`.execute(db);
  for (const table of [
    'message_preferences',
    'message_quota_usage',
    'message_webhooks',
    'message_templates',
    'message_outbox',
    'message_deliveries',
    'messages',
  ]) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
