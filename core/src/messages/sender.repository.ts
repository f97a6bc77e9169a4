import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { extrasKey, type JobExtras } from './channels/types.ts';

/** The tenant_settings key of a school's sender: the name its email carries (the address stays SMTP_FROM's). */
export const SENDER_SETTING = 'messages.sender';

export interface SchoolSender {
  /** Shown as the From name of the school's email, e.g. 南宁市凤林小学; null: SMTP_FROM's name. */
  emailName: string | null;
}

type Db = Kysely<Database> | Transaction<Database>;

function parse(value: unknown): SchoolSender {
  const name = (value as { emailName?: unknown } | null)?.emailName;
  return { emailName: typeof name === 'string' && name.length > 0 ? name : null };
}

export async function getSchoolSender(db: Db, tenantId: string): Promise<SchoolSender> {
  const row = await db
    .selectFrom('tenant_settings')
    .select('value')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', SENDER_SETTING)
    .executeTakeFirst();
  return parse(row?.value ?? null);
}

export async function putSchoolSender(db: Db, tenantId: string, sender: SchoolSender): Promise<void> {
  const value = JSON.stringify(sender);
  await db
    .insertInto('tenant_settings')
    .values({ tenant_id: tenantId, key: SENDER_SETTING, value })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value, updated_at: new Date() }))
    .execute();
}

/** The sender names of the schools in a batch of email jobs (owner pool, as the workers run). */
export async function schoolSenderNames(
  owner: Kysely<Database>,
  rows: ReadonlyArray<{ tenantId: string; target: string }>,
): Promise<Map<string, JobExtras>> {
  const found = new Map<string, JobExtras>();
  const tenants = [...new Set(rows.map((r) => r.tenantId))];
  if (tenants.length === 0) return found;
  const settings = await owner
    .selectFrom('tenant_settings')
    .select(['tenant_id', 'value'])
    .where('tenant_id', 'in', tenants)
    .where('key', '=', SENDER_SETTING)
    .execute();
  const names = new Map(settings.map((s) => [s.tenant_id, parse(s.value).emailName]));
  for (const r of rows) {
    const name = names.get(r.tenantId);
    if (name) found.set(extrasKey(r.tenantId, r.target), { fromName: name });
  }
  return found;
}
