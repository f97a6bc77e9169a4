import { InputError } from '@campusbase/plugin-sdk/errors';
import { type Kysely, sql, type Transaction } from 'kysely';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Runs `work` in a transaction scoped to one tenant. Row-level security policies compare each
 * row's `tenant_id` with `app.tenant_id`, so the app role sees and writes only that tenant's rows.
 *
 * The setting is written with a literal `SET LOCAL` rather than `set_config()`, because Citus
 * forwards SET LOCAL to its workers but not set_config (DESIGN.md §11). The id is checked to be a
 * UUID first, so the literal cannot carry SQL.
 *
 * @example
 * const units = await withTenant(db, tenantId, (trx) => trx.selectFrom('org_units').selectAll().execute());
 */
export async function withTenant<DB, T>(
  db: Kysely<DB> | Transaction<DB>,
  tenantId: string,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (!isUuid(tenantId)) {
    throw new InputError({
      zh: `学校编号格式不正确：${tenantId}`,
      en: `Tenant id is not a UUID: ${tenantId}`,
    });
  }
  const scope = sql.raw(`SET LOCAL app.tenant_id = '${tenantId.toLowerCase()}'`);
  if (db.isTransaction) {
    // Inside a caller's transaction the scope holds until that transaction ends.
    await scope.execute(db);
    return work(db as Transaction<DB>);
  }
  return db.transaction().execute(async (trx) => {
    await scope.execute(trx);
    return work(trx);
  });
}
