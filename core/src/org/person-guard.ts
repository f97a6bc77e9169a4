import { ForbiddenError } from '@campusbase/plugin-sdk/errors';
import type { Kysely, Transaction } from 'kysely';
import type { Principal } from '../auth/principal.ts';
import { ADMIN_PERMISSIONS } from '../authz/permissions.ts';
import { loadAuthzSnapshot } from '../authz/snapshot.ts';
import type { Database } from '../db/database.ts';
import { withPerson } from '../identity/person-scope.ts';
import { assertCan } from './admin-action.ts';
import { findUnit } from './org.repository.ts';
import { type MemberRow, memberOf } from './people.repository.ts';

type Trx = Transaction<Database>;
type Admin = Principal & { activeTenantId: string };

/**
 * The schools and bureaus other than `tenantId` that hold anything about a person: memberships of
 * any status, live grants, or guardian links. Read through the person scope, so nothing of those
 * tenants is revealed beyond "there is one".
 */
export async function otherTenantCount(
  db: Kysely<Database>,
  personId: string,
  tenantId: string,
): Promise<number> {
  // Its own transaction: the person scope must not widen what the admin's tenant transaction sees.
  const rows = await withPerson(db, personId, (p) =>
    p
      .selectFrom('memberships')
      .select('tenant_id')
      .where('person_id', '=', personId)
      .union(
        p
          .selectFrom('role_grants')
          .select('tenant_id')
          .where('person_id', '=', personId)
          .where('revoked_at', 'is', null),
      )
      .union(p.selectFrom('guardianships').select('tenant_id').where('guardian_person_id', '=', personId))
      .execute(),
  );
  return rows.filter((r) => r.tenant_id !== tenantId).length;
}

/**
 * Guards a change to another person's account (identifiers, password, authenticator) made by a
 * school admin. The account is global (一人一号), so:
 * - the person must be a member here, and the admin needs `permission` over each of their units;
 * - the admin must hold every administrative permission (ADMIN_PERMISSIONS) the person holds here,
 *   so an IT admin cannot take over the school admin's account by resetting its password (teachers'
 *   and parents' everyday permissions do not count, or an IT admin could reset nobody);
 * - with `soleSchool`, nobody else may hold anything about the person: otherwise an admin of
 *   school A could take over an account that also acts in school B. Such people change their own
 *   details.
 * Admins use their own `/me` routes for their own account. Refusals are 403s that auditedChange
 * records as denied.
 */
export async function assertMayManageAccount(
  trx: Trx,
  db: Kysely<Database>,
  me: Admin,
  personId: string,
  options: { permission: string; soleSchool: boolean },
): Promise<MemberRow[]> {
  const rows = await memberOf(trx, me.activeTenantId, personId);
  for (const row of rows) assertCan(me, options.permission, row.orgUnitPath);
  if (personId === me.personId) {
    throw new ForbiddenError(
      {
        zh: '请在「账号安全」中修改自己的账号',
        en: 'Change your own account under Account security (/api/v1/me)',
      },
      undefined,
      'own_account',
    );
  }
  const snapshot = await loadAuthzSnapshot(trx, personId, me.activeTenantId);
  const missing = new Set<string>();
  for (const grant of snapshot?.grants ?? []) {
    const path = grant.orgUnitId ? (await findUnit(trx, me.activeTenantId, grant.orgUnitId)).path : null;
    for (const permission of grant.permissions)
      if (ADMIN_PERMISSIONS.has(permission) && !me.can(permission, path)) missing.add(permission);
  }
  if (missing.size > 0) {
    throw new ForbiddenError(
      {
        zh: `此人拥有您没有的权限（${[...missing].join('、')}），不能修改其账号`,
        en: `This person holds permissions you do not (${[...missing].join(', ')}); you cannot change their account`,
      },
      { missing: [...missing] },
      'exceeds_own_permissions',
    );
  }
  if (options.soleSchool && (await otherTenantCount(db, personId, me.activeTenantId)) > 0) {
    throw new ForbiddenError(
      {
        zh: '此人同时属于其他学校或单位，其登录信息只能由本人修改（可用短信验证码登录后修改）',
        en: 'This person also belongs to another school or bureau; only they can change their sign-in details (they can log in with an SMS code)',
      },
      undefined,
      'person_in_other_tenants',
    );
  }
  return rows;
}
