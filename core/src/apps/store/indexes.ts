import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { RuntimeManifest } from '../manifest.ts';
import { checkAppId, checkCollectionName, declaredType, fieldExpressionText } from './fields.ts';

export interface IndexPlan {
  name: string;
  ddl: string;
}

/**
 * The expression indexes an app's declared collection indexes need.
 *
 * Strategy: one partial index per (app, collection, declared index), shared by every school that
 * installs the app: `ON app_documents (tenant_id, installation_id, <typed field expressions>)
 * WHERE app_id = '<app>' AND collection = '<collection>'`. Keys lead with the tenant and the
 * installation, so a unique index is unique within one installation. Per-installation indexes
 * would multiply with schools (3,000 schools × a few indexes each), and PostgreSQL checks every
 * partial index's predicate on each insert; per app, the count grows with apps, not schools.
 * The document queries use the same typed expressions and the same literal predicates, so the
 * planner matches them.
 */
export function planIndexes(manifest: RuntimeManifest): IndexPlan[] {
  const appId = checkAppId(manifest.id);
  const plans: IndexPlan[] = [];
  for (const [collection, declaration] of Object.entries(manifest.collections ?? {})) {
    checkCollectionName(collection);
    for (const index of declaration.indexes ?? []) {
      const columns = index.fields.map((raw) => {
        const descending = raw.startsWith('-');
        const field = descending ? raw.slice(1) : raw;
        const expression = fieldExpressionText(field, declaredType(declaration.schema, field));
        return `(${expression})${descending ? ' DESC' : ''}`;
      });
      const shape = JSON.stringify([appId, collection, index.fields, Boolean(index.unique)]);
      const name = `app_doc_ix_${createHash('sha256').update(shape).digest('hex').slice(0, 20)}`;
      plans.push({
        name,
        ddl:
          `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY IF NOT EXISTS ${name} ON app_documents ` +
          `(tenant_id, installation_id, ${columns.join(', ')}) ` +
          `WHERE app_id = '${appId}' AND collection = '${collection}'`,
      });
    }
  }
  return plans;
}

/**
 * Creates the declared indexes of an app version (idempotent). CONCURRENTLY keeps writes of other
 * apps flowing while a big table is indexed; it cannot run in a transaction, so each index is its
 * own statement on the owner connection. An invalid index left by a failed build is dropped and
 * built again.
 */
export async function ensureDeclaredIndexes(
  owner: Kysely<unknown>,
  manifest: RuntimeManifest,
): Promise<string[]> {
  const plans = planIndexes(manifest);
  for (const plan of plans) {
    const { rows } = await sql<{ valid: boolean }>`
      SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE c.relname = ${plan.name}`.execute(owner);
    if (rows[0]?.valid === false)
      await sql.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${plan.name}`).execute(owner);
    await sql.raw(plan.ddl).execute(owner);
  }
  return plans.map((plan) => plan.name);
}
