import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Category } from './messages.table.ts';
import type { CredentialSealer } from './sealing.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface WebhookView {
  id: string;
  name: string;
  url: string;
  categories: Category[];
  active: boolean;
  createdAt: string;
  secretRotatedAt: string | null;
  /** After a rotation, deliveries are also signed with the previous secret until then. */
  previousSecretValidUntil: string | null;
}

const columns = [
  'id',
  'name',
  'url',
  'categories',
  'active',
  'created_at',
  'secret_rotated_at',
  'previous_valid_until',
] as const;

type Row = {
  id: string;
  name: string;
  url: string;
  categories: Category[];
  active: boolean;
  created_at: Date;
  secret_rotated_at: Date | null;
  previous_valid_until: Date | null;
};

/** What an admin sees of a webhook: never its secret (that is shown once, at creation or rotation). */
function view(h: Row): WebhookView {
  const grace = h.previous_valid_until && h.previous_valid_until.getTime() > Date.now();
  return {
    id: h.id,
    name: h.name,
    url: h.url,
    categories: h.categories,
    active: h.active,
    createdAt: h.created_at.toISOString(),
    secretRotatedAt: h.secret_rotated_at?.toISOString() ?? null,
    previousSecretValidUntil: grace ? h.previous_valid_until!.toISOString() : null,
  };
}

/** A new signing secret: 32 random bytes, prefixed so it is recognisable in a receiver's config. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export async function listWebhooks(db: Db, tenantId: string): Promise<WebhookView[]> {
  const rows = await db
    .selectFrom('message_webhooks')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
  return rows.map(view);
}

export async function insertWebhook(
  db: Db,
  sealer: CredentialSealer,
  hook: { tenantId: string; name: string; url: string; categories?: Category[] },
): Promise<{ webhook: WebhookView; secret: string }> {
  const secret = newWebhookSecret();
  const row = await db
    .insertInto('message_webhooks')
    .values({
      tenant_id: hook.tenantId,
      name: hook.name,
      url: hook.url,
      secret_sealed: sealer.seal(secret),
      previous_secret_sealed: null,
      previous_valid_until: null,
      secret_rotated_at: null,
      ...(hook.categories ? { categories: hook.categories } : {}),
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return { webhook: view(row), secret };
}

/**
 * A new signing secret for a webhook. The previous one keeps signing deliveries (a second `v1` in
 * the signature header) for `graceMinutes`, so the receiver can switch without rejecting any.
 * Returns null when the school has no such webhook.
 */
export async function rotateWebhookSecret(
  db: Db,
  sealer: CredentialSealer,
  tenantId: string,
  id: string,
  graceMinutes: number,
): Promise<{ webhook: WebhookView; secret: string } | null> {
  const current = await db
    .selectFrom('message_webhooks')
    .select('secret_sealed')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!current) return null;
  const secret = newWebhookSecret();
  const now = new Date();
  const row = await db
    .updateTable('message_webhooks')
    .set({
      secret_sealed: sealer.seal(secret),
      previous_secret_sealed: graceMinutes > 0 ? current.secret_sealed : null,
      previous_valid_until: graceMinutes > 0 ? new Date(now.getTime() + graceMinutes * 60_000) : null,
      secret_rotated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow();
  return { webhook: view(row), secret };
}

export async function setWebhookActive(
  db: Db,
  tenantId: string,
  id: string,
  active: boolean,
): Promise<boolean> {
  const result = await db
    .updateTable('message_webhooks')
    .set({ active })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
