import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { crossSchoolParent } from '../seed/identity-demo-data.ts';
import { demoSeedSteps } from '../seed/demo.ts';
// The people must exist first: importing their step registers it before this one.
import '../seed/identity-demo.ts';
import { getTenantSetting, putTenantSetting } from '../tenancy/tenancy.repository.ts';

export const DEMO_PARENT_EMAIL = 'chenjing@example.cn';

/**
 * Demo for self-service recovery (忘记密码): the parent with a child in each school gets an email
 * address (so the emailed link can be tried), and the middle school follows the MLPS 2.0 (等保)
 * password rules (10 characters, 3 kinds), which are stricter than the primary school's; a reset
 * of the parent's password must meet them. Neither overrides what an admin has set since.
 */
export const recoveryDemoStep = {
  name: 'identity-recovery',
  async run(db: Kysely<Database>, tenants: ReadonlyMap<string, string>) {
    await db
      .updateTable('persons')
      .set({ email: DEMO_PARENT_EMAIL, updated_at: new Date() })
      .where('phone', '=', crossSchoolParent.phone)
      .where('email', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('persons as other').select('id').where('other.email', '=', DEMO_PARENT_EMAIL))),
      )
      .execute();
    const middle = tenants.get('school-middle');
    if (!middle) return;
    await withTenant(db, middle, async (trx) => {
      if (await getTenantSetting<unknown>(trx, middle, 'auth.policy')) return;
      await putTenantSetting(trx, middle, 'auth.policy', {
        requireMfaForAdmins: false,
        password: { minLength: 10, minCharClasses: 3, maxAgeDays: 0 },
        lockout: { maxFailures: 5, lockMinutes: 15 },
      });
    });
  },
};

demoSeedSteps.push(recoveryDemoStep);
