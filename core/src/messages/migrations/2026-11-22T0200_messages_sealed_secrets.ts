import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { migrationSecret } from '../../db/migration-secret.ts';

// Frozen: the sealing below is a copy of messages/sealing.ts as it was when this was written
// (HKDF-SHA256 key per purpose, AES-256-GCM, purpose as associated data, `v1.<iv>.<tag>.<body>`).
const PURPOSE = 'messages:webhook-secret';

function key(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'campusbase:messages:v1', `campusbase:${PURPOSE}`, 32));
}

function seal(k: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k, iv);
  cipher.setAAD(Buffer.from(PURPOSE));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
}

function open(k: Buffer, sealed: string): string {
  const [, iv, tag, body] = sealed.split('.');
  const decipher = createDecipheriv('aes-256-gcm', k, Buffer.from(iv ?? '', 'base64url'));
  decipher.setAAD(Buffer.from(PURPOSE));
  decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body ?? '', 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}

function requireSecret(count: number, direction: string): Buffer {
  const secret = migrationSecret();
  if (!secret) {
    throw new Error(
      `${count} webhook secret(s) must be ${direction} with the platform secret, but none was provided. ` +
        'Run the migration through `campusbase migrate up` or `campusbase start` with the same SECRET_KEY ' +
        '(or DATA_DIR holding secret.key) as the running platform.',
    );
  }
  return key(secret);
}

type Row = { tenant_id: string; id: string; value: string };

/**
 * Webhook signing secrets at rest: sealed with a key derived from the platform secret, never
 * stored in plain text. A rotation keeps the previous secret (sealed) for a grace period, so
 * receivers can switch over without losing deliveries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE message_webhooks
      ADD COLUMN secret_sealed text,
      ADD COLUMN previous_secret_sealed text,
      ADD COLUMN previous_valid_until timestamptz,
      ADD COLUMN secret_rotated_at timestamptz`.execute(db);
  const { rows } = await sql<Row>`SELECT tenant_id, id, secret AS value FROM message_webhooks`.execute(db);
  if (rows.length > 0) {
    const k = requireSecret(rows.length, 'encrypted');
    for (const row of rows) {
      await sql`UPDATE message_webhooks SET secret_sealed = ${seal(k, row.value)}
        WHERE tenant_id = ${row.tenant_id} AND id = ${row.id}`.execute(db);
    }
  }
  await sql`ALTER TABLE message_webhooks DROP COLUMN secret`.execute(db);
  await sql`
    ALTER TABLE message_webhooks
      ALTER COLUMN secret_sealed SET NOT NULL,
      ADD CONSTRAINT message_webhooks_sealed_check CHECK (secret_sealed LIKE 'v1.%'),
      ADD CONSTRAINT message_webhooks_previous_check
        CHECK ((previous_secret_sealed IS NULL) = (previous_valid_until IS NULL))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE message_webhooks ADD COLUMN secret text`.execute(db);
  const { rows } = await sql<Row>`SELECT tenant_id, id, secret_sealed AS value FROM message_webhooks`.execute(
    db,
  );
  if (rows.length > 0) {
    const k = requireSecret(rows.length, 'decrypted');
    for (const row of rows) {
      await sql`UPDATE message_webhooks SET secret = ${open(k, row.value)}
        WHERE tenant_id = ${row.tenant_id} AND id = ${row.id}`.execute(db);
    }
  }
  await sql`
    ALTER TABLE message_webhooks
      ALTER COLUMN secret SET NOT NULL,
      DROP COLUMN secret_sealed,
      DROP COLUMN previous_secret_sealed,
      DROP COLUMN previous_valid_until,
      DROP COLUMN secret_rotated_at`.execute(db);
}
