import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { Logger } from '../logger.ts';
import { findTenantByCode, insertTenant, putTenantSetting } from '../tenancy/tenancy.repository.ts';
import { demoRegion } from './demo-region.ts';

export interface DemoSeedStep {
  name: string;
  /** Runs after the region exists; receives the tenant ids by demo key. Must be idempotent. */
  run(db: Kysely<Database>, tenants: ReadonlyMap<string, string>, logger: Logger): Promise<void>;
}

/** Seed steps that other domains add (people, devices, apps); each runs after the region. */
export const demoSeedSteps: DemoSeedStep[] = [];

/**
 * Seeds the demo region: province → city → county → two schools, with branding, then runs every
 * domain's seed step. The region is written in one transaction, so a failed seed leaves nothing
 * half-made; the steps are idempotent and run on every seeded start, so a step added by a later
 * release (or one that failed) catches up. Returns true when the region was created now.
 */
export async function seedDemo(owner: Kysely<Database>, logger: Logger): Promise<boolean> {
  const created = await owner.transaction().execute(async (trx) => {
    if (await findTenantByCode(trx, 'platform')) return false;
    const ids = new Map<string, string>();
    for (const tenant of demoRegion) {
      const parentId = tenant.parent ? ids.get(tenant.parent)! : null;
      const row = await insertTenant(trx, {
        parentId,
        kind: tenant.kind,
        name: tenant.name,
        code: tenant.code,
      });
      ids.set(tenant.key, row.id);
      if (tenant.branding) {
        const branding = tenant.branding;
        await withTenant(trx, row.id, (scoped) => putTenantSetting(scoped, row.id, 'branding', branding));
      }
    }
    return true;
  });
  const ids = await demoTenantIds(owner);
  for (const step of demoSeedSteps) {
    await step.run(owner, ids, logger);
    logger.debug({ step: step.name }, 'demo seed step done');
  }
  return created;
}

/** The demo tenant ids by key, for seed steps that run on an existing region. */
export async function demoTenantIds(db: Kysely<Database>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const tenant of demoRegion) {
    const row = await findTenantByCode(db, tenant.code);
    if (row) ids.set(tenant.key, row.id);
  }
  return ids;
}
