import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { TenantKind } from '../tenancy/tenancy.table.ts';
import { withPerson } from './person-scope.ts';

export interface PersonTenant {
  tenantId: string;
  code: string;
  name: string;
  kind: TenantKind;
  /** Membership roles and granted roles held there. */
  roles: string[];
  memberships: Array<{
    role: string;
    orgUnitId: string | null;
    orgUnitName: string | null;
    number: string | null;
  }>;
}

const kindOrder: Record<TenantKind, number> = { school: 0, county: 1, city: 2, province: 3, platform: 4 };

/**
 * The tenants a person may act in (active memberships or grants), read through the person scope.
 * Schools come first, so a parent or teacher lands in a school by default.
 */
export async function listPersonTenants(db: Kysely<Database>, personId: string): Promise<PersonTenant[]> {
  const { memberships, grants } = await withPerson(db, personId, async (trx) => ({
    memberships: await trx
      .selectFrom('memberships as m')
      .leftJoin('org_units as u', (join) =>
        join.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.id', '=', 'm.org_unit_id'),
      )
      .select(['m.tenant_id', 'm.role', 'm.org_unit_id', 'm.number', 'u.name as unit_name'])
      .where('m.person_id', '=', personId)
      .where('m.status', '=', 'active')
      .execute(),
    grants: await trx
      .selectFrom('role_grants')
      .select(['tenant_id', 'role_key'])
      .where('person_id', '=', personId)
      .where('revoked_at', 'is', null)
      .execute(),
  }));
  const ids = [...new Set([...memberships.map((m) => m.tenant_id), ...grants.map((g) => g.tenant_id)])];
  if (ids.length === 0) return [];
  const tenants = await db
    .selectFrom('tenants')
    .select(['id', 'code', 'name', 'kind'])
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .execute();
  return tenants
    .map((t) => {
      const own = memberships.filter((m) => m.tenant_id === t.id);
      const roles = new Set([
        ...own.map((m) => m.role),
        ...grants.filter((g) => g.tenant_id === t.id).map((g) => g.role_key),
      ]);
      return {
        tenantId: t.id,
        code: t.code,
        name: t.name,
        kind: t.kind,
        roles: [...roles],
        memberships: own.map((m) => ({
          role: m.role,
          orgUnitId: m.org_unit_id,
          orgUnitName: m.unit_name,
          number: m.number,
        })),
      };
    })
    .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.code.localeCompare(b.code));
}
