import { type Kysely, sql, type Transaction } from 'kysely';
import { isUuid } from '../db/tenant-scope.ts';

/**
 * Runs `work` in a transaction scoped to one person: the `person_self` policies then let the app
 * role read that person's own memberships, grants and guardian links in every school, and no one
 * else's. This is the only cross-school read of school-owned rows, so a parent in school A sees a
 * child in school B without school-wide access. The id is checked to be a UUID before it becomes
 * a literal.
 *
 * @example
 * const mine = await withPerson(db.app, personId, (trx) => trx.selectFrom('memberships').selectAll().execute());
 */
export async function withPerson<DB, T>(
  db: Kysely<DB>,
  personId: string,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (!isUuid(personId)) throw new Error(`Person id is not a UUID: ${personId}`);
  return db.transaction().execute(async (trx) => {
    await sql.raw(`SET LOCAL app.person_id = '${personId.toLowerCase()}'`).execute(trx);
    return work(trx);
  });
}
