import { NotFoundError } from '@campusbase/plugin-sdk/errors';
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

type Trx = Transaction<Database>;

export interface MemberRow {
  membershipId: string;
  personId: string;
  displayName: string;
  phone: string | null;
  email: string | null;
  username: string | null;
  nationalIdMasked: string | null;
  personStatus: 'active' | 'disabled';
  role: string;
  number: string | null;
  status: 'active' | 'inactive';
  orgUnitId: string | null;
  orgUnitName: string | null;
  orgUnitPath: string | null;
}

function membersQuery(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .leftJoin('org_units as u', (join) =>
      join.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.id', '=', 'm.org_unit_id'),
    )
    .select([
      'm.id as membershipId',
      'p.id as personId',
      'p.display_name as displayName',
      'p.phone',
      'p.email',
      'p.username',
      'p.national_id_masked as nationalIdMasked',
      'p.status as personStatus',
      'm.role',
      'm.number',
      'm.status',
      'm.org_unit_id as orgUnitId',
      'u.name as orgUnitName',
      'u.path as orgUnitPath',
    ])
    .where('m.tenant_id', '=', tenantId);
}

/** Members of the school, optionally only inside some org subtrees (paths as `/…/id/`). */
export function listMembers(
  trx: Trx,
  tenantId: string,
  filter: { subtreePaths?: string[]; role?: string; q?: string; limit: number; offset: number },
): Promise<MemberRow[]> {
  let query = membersQuery(trx, tenantId);
  if (filter.subtreePaths) {
    const paths = filter.subtreePaths;
    if (paths.length === 0) return Promise.resolve([]);
    query = query.where((eb) => eb.or(paths.map((p) => eb('u.path', 'like', `${p}%`))));
  }
  if (filter.role) query = query.where('m.role', '=', filter.role as 'student');
  if (filter.q) {
    const q = `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('p.display_name', 'like', q), eb('m.number', 'like', q)]));
  }
  return query
    .orderBy('u.path')
    .orderBy('m.number')
    .orderBy('p.display_name')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute() as Promise<MemberRow[]>;
}

/** A person's memberships in this school; 404 when they have none (a person of another school). */
export async function memberOf(trx: Trx, tenantId: string, personId: string): Promise<MemberRow[]> {
  const rows = (await membersQuery(trx, tenantId)
    .where('m.person_id', '=', personId)
    .execute()) as MemberRow[];
  if (rows.length === 0) {
    throw new NotFoundError({
      zh: '本校没有这个人员',
      en: `Person ${personId} is not a member of this school`,
    });
  }
  return rows;
}

/** Everyone who holds a membership or a live grant in the school. */
export async function personIdsOfTenant(trx: Trx, tenantId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('memberships')
    .select('person_id')
    .where('tenant_id', '=', tenantId)
    .union(
      trx
        .selectFrom('role_grants')
        .select('person_id')
        .where('tenant_id', '=', tenantId)
        .where('revoked_at', 'is', null),
    )
    .execute();
  return rows.map((r) => r.person_id);
}
