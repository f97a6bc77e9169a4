import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';

/** What SSO tells a school's other systems about a person, in that school. */
export interface SsoPerson {
  personId: string;
  name: string;
  phone: string | null;
  email: string | null;
  tenant: { id: string; code: string; name: string };
  /** Roles held in the school: membership roles and granted roles (custom roles by key). */
  roles: string[];
  orgUnits: Array<{ id: string; name: string; kind: string; role: string }>;
  /** The school's student or staff number (学号/工号), when the person has one there. */
  schoolNumber: string | null;
}

/**
 * Reads a person as one school sees them. Returns null when the person is unknown or disabled,
 * or holds nothing in that school: SSO never vouches for someone to a school they are not in.
 */
export async function loadSsoPerson(
  db: Kysely<Database>,
  personId: string,
  tenantId: string,
): Promise<SsoPerson | null> {
  const person = await db
    .selectFrom('persons')
    .select(['id', 'display_name', 'phone', 'email', 'status'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (person?.status !== 'active') return null;
  return withTenant(db, tenantId, async (trx) => {
    const tenant = await trx
      .selectFrom('tenants')
      .select(['id', 'code', 'name', 'status'])
      .where('id', '=', tenantId)
      .executeTakeFirst();
    if (tenant?.status !== 'active') return null;
    const memberships = await trx
      .selectFrom('memberships as m')
      .leftJoin('org_units as u', (join) =>
        join.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.id', '=', 'm.org_unit_id'),
      )
      .select(['m.role', 'm.number', 'u.id as unit_id', 'u.name as unit_name', 'u.kind as unit_kind'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.person_id', '=', personId)
      .where('m.status', '=', 'active')
      .execute();
    const grants = await trx
      .selectFrom('role_grants as g')
      .leftJoin('org_units as u', (join) =>
        join.onRef('u.tenant_id', '=', 'g.tenant_id').onRef('u.id', '=', 'g.org_unit_id'),
      )
      .select(['g.role_key', 'u.id as unit_id', 'u.name as unit_name', 'u.kind as unit_kind'])
      .where('g.tenant_id', '=', tenantId)
      .where('g.person_id', '=', personId)
      .where('g.revoked_at', 'is', null)
      .execute();
    if (memberships.length === 0 && grants.length === 0) return null;
    const held = [
      ...memberships.map((m) => ({
        role: m.role as string,
        unitId: m.unit_id,
        unitName: m.unit_name,
        unitKind: m.unit_kind,
      })),
      ...grants.map((g) => ({
        role: g.role_key,
        unitId: g.unit_id,
        unitName: g.unit_name,
        unitKind: g.unit_kind,
      })),
    ];
    return {
      personId,
      name: person.display_name,
      phone: person.phone,
      email: person.email,
      tenant: { id: tenant.id, code: tenant.code, name: tenant.name },
      roles: [...new Set(held.map((h) => h.role))],
      orgUnits: held
        .filter((h) => h.unitId !== null)
        .map((h) => ({ id: h.unitId!, name: h.unitName!, kind: h.unitKind!, role: h.role })),
      schoolNumber: memberships.find((m) => m.number !== null)?.number ?? null,
    };
  });
}
