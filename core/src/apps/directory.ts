import { InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { HOST_LIMITS, type HostMethodArgs, type HostMethodResult } from '@campusbase/plugin-sdk/protocol';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { isUuid, withTenant } from '../db/tenant-scope.ts';
import type { MembershipRole, OrgUnitKind as UnitKind } from '../identity/identity.table.ts';
import type { DirectoryPort } from './ports.ts';

type Person = NonNullable<HostMethodResult<'people.get'>>;
type PersonPage = HostMethodResult<'people.list'>;
type PeopleQuery = HostMethodArgs<'people.list'>;
type OrgUnit = NonNullable<HostMethodResult<'org.get'>>;
type OrgQuery = HostMethodArgs<'org.list'>;
type Guardians = HostMethodResult<'people.guardiansOf'>;
type PersonKind = Person['kind'];
type Trx = Transaction<Database>;

const roleOfKind: Record<PersonKind, MembershipRole> = {
  student: 'student',
  teacher: 'teacher',
  staff: 'staff',
  guardian: 'parent',
};
/** A person with several roles in one school is shown by the first of these they hold. */
const kindPrecedence: ReadonlyArray<[MembershipRole, PersonKind]> = [
  ['teacher', 'teacher'],
  ['staff', 'staff'],
  ['student', 'student'],
  ['parent', 'guardian'],
];
const unitKindOf: Record<UnitKind, OrgUnit['kind']> = {
  campus: 'campus',
  department: 'department',
  grade: 'grade',
  class: 'class',
  teaching_research_group: 'group',
};
const storedUnitKind: Partial<Record<OrgUnit['kind'], UnitKind>> = {
  campus: 'campus',
  department: 'department',
  grade: 'grade',
  class: 'class',
  group: 'teaching_research_group',
};

interface PersonRow {
  id: string;
  display_name: string;
  phone: string | null;
  email: string | null;
  roles: MembershipRole[];
  unit_ids: string[] | null;
}

interface PersonFilter {
  personId?: string;
  /** Ids of the units to match, already resolved (with descendants when asked). */
  units?: RawBuilder<unknown>;
  role?: MembershipRole;
  search?: string;
  limit: number;
  offset: number;
}

/**
 * Who is in the school, and where: every active membership, plus each guardian in the class of
 * each of their children here (a parent's own membership names only one class, so "parents of
 * class 7-2" must come through guardianships). Every part carries the school's tenant_id, and runs
 * under its row-level security as well.
 */
function placements(tenantId: string): RawBuilder<unknown> {
  return sql`
    SELECT m.person_id, m.role, m.org_unit_id FROM memberships m
    WHERE m.tenant_id = ${tenantId} AND m.status = 'active'
    UNION
    SELECT g.guardian_person_id, 'parent', s.org_unit_id
    FROM guardianships g JOIN memberships s
      ON s.tenant_id = g.tenant_id AND s.person_id = g.student_person_id AND s.role = 'student' AND s.status = 'active'
    WHERE g.tenant_id = ${tenantId}`;
}

/**
 * One query for a page of people: the persons matched by the filter, each with all their roles and
 * units in the school. Only the columns an app may see are selected; password and national-ID
 * columns are never read.
 */
async function queryPeople(
  trx: Trx,
  tenantId: string,
  filter: PersonFilter,
  includeContact: boolean,
): Promise<PersonRow[]> {
  const where = [sql`true`];
  if (filter.personId) where.push(sql`pl.person_id = ${filter.personId}`);
  if (filter.role) where.push(sql`pl.role = ${filter.role}`);
  if (filter.units) where.push(sql`pl.org_unit_id IN (${filter.units})`);
  const search = filter.search ? sql`AND strpos(p.display_name, ${filter.search}) > 0` : sql``;
  const contact = includeContact ? sql`p.phone, p.email` : sql`NULL::text AS phone, NULL::text AS email`;
  const { rows } = await sql<PersonRow>`
    WITH placement AS MATERIALIZED (${placements(tenantId)}),
    matched AS (SELECT DISTINCT pl.person_id FROM placement pl WHERE ${sql.join(where, sql` AND `)}),
    page AS (
      SELECT p.id, p.display_name, ${contact}
      FROM matched JOIN persons p ON p.id = matched.person_id
      WHERE true ${search}
      ORDER BY p.display_name, p.id
      LIMIT ${filter.limit} OFFSET ${filter.offset})
    SELECT page.id, page.display_name, page.phone, page.email,
      array_agg(DISTINCT pl.role) AS roles,
      array_agg(DISTINCT pl.org_unit_id) FILTER (WHERE pl.org_unit_id IS NOT NULL) AS unit_ids
    FROM page JOIN placement pl ON pl.person_id = page.id
    GROUP BY page.id, page.display_name, page.phone, page.email
    ORDER BY page.display_name, page.id`.execute(trx);
  return rows;
}

function toPerson(row: PersonRow, includeContact: boolean, asKind: PersonKind | undefined): Person {
  const kind = asKind ?? kindPrecedence.find(([role]) => row.roles.includes(role))?.[1] ?? 'student';
  const person = { id: row.id, name: row.display_name, kind, orgUnitIds: row.unit_ids ?? [] };
  return includeContact ? { ...person, contact: { phone: row.phone, email: row.email } } : person;
}

/** The ids of a unit, and of every unit below it when asked; nothing for an id of another school. */
function unitsOf(tenantId: string, orgUnitId: string, descendants: boolean): RawBuilder<unknown> {
  if (!descendants) {
    return sql`SELECT u.id FROM org_units u WHERE u.tenant_id = ${tenantId} AND u.id = ${orgUnitId}`;
  }
  return sql`
    SELECT u.id FROM org_units u
    WHERE u.tenant_id = ${tenantId}
      AND u.path LIKE (SELECT r.path FROM org_units r WHERE r.tenant_id = ${tenantId} AND r.id = ${orgUnitId}) || '%'`;
}

/** The fake host's cursor: the offset of the next page as a decimal string. */
function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!/^\d{1,9}$/.test(cursor)) {
    throw new InputError(
      {
        zh: '分页游标无效，请传入上一页返回的 nextCursor',
        en: 'The cursor is invalid; pass the nextCursor of the previous page',
      },
      { cursor },
      'invalid_cursor',
    );
  }
  return Number(cursor);
}

function toOrgUnit(row: {
  id: string;
  parent_id: string | null;
  kind: UnitKind;
  name: string;
  code: string | null;
}): OrgUnit {
  return { id: row.id, parentId: row.parent_id, kind: unitKindOf[row.kind], name: row.name, code: row.code };
}

function liveUnits(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('org_units')
    .select(['id', 'parent_id', 'kind', 'name', 'code'])
    .where('tenant_id', '=', tenantId)
    .where('archived_at', 'is', null);
}

function studentNotFound(studentId: string): NotFoundError {
  return new NotFoundError(
    {
      zh: `本校没有在读学生 ${studentId}，请传入本校学生的 id（people.list({ kind: 'student' }) 中的 id）`,
      en: `No active student ${studentId} in this school; pass the id of one of its students (from people.list({ kind: 'student' }))`,
    },
    { studentId },
    'student_not_found',
  );
}

/**
 * The guardians the student's school recorded (guardianships belong to the student's school), in
 * the fake host's order: mother, father, grandparent, guardian, other, then name and id. Only the
 * guardian's id, name and whether a phone is on file are read; a guardian who also belongs to
 * another school shows nothing of it. Disabled accounts are left out: nothing would reach them.
 */
async function queryGuardians(trx: Trx, tenantId: string, studentId: string): Promise<Guardians | null> {
  const { rows } = await sql<{
    id: string | null;
    display_name: string | null;
    relation: Guardians['items'][number]['relation'] | null;
    has_phone: boolean | null;
  }>`
    SELECT p.id, p.display_name, g.relation, (coalesce(p.phone, '') <> '') AS has_phone
    FROM memberships s
    LEFT JOIN guardianships g ON g.tenant_id = s.tenant_id AND g.student_person_id = s.person_id
    LEFT JOIN persons p ON p.id = g.guardian_person_id AND p.status = 'active'
    WHERE s.tenant_id = ${tenantId} AND s.person_id = ${studentId}
      AND s.role = 'student' AND s.status = 'active'
    ORDER BY array_position(ARRAY['mother', 'father', 'grandparent', 'guardian', 'other'], g.relation),
      p.display_name, p.id`.execute(trx);
  if (rows.length === 0) return null;
  const items = rows.flatMap((row) =>
    row.id && row.display_name && row.relation
      ? [{ id: row.id, name: row.display_name, relation: row.relation, hasPhone: row.has_phone === true }]
      : [],
  );
  // A student in two classes has two memberships: one entry per guardian.
  return { items: items.filter((item, i) => items.findIndex((other) => other.id === item.id) === i) };
}

/**
 * The `people` and `org` capabilities of apps, on the identity tables. The runtime has already
 * checked the scopes (`people:read:basic`, `people:read:contact` before asking for contact fields,
 * `org:read`) and passes the installation's own school: every query runs in `withTenant` on the
 * app role and names that school, so a person or unit of another school is simply not found.
 * Results are exactly the SDK's host-protocol types, with the fake host's filters and paging.
 *
 * @example
 * const apps = await startApps({ db, logger, ports: { audit, directory: appDirectoryPort(db.app) }, ui });
 */
export function appDirectoryPort(app: Kysely<Database>): DirectoryPort {
  return {
    async getPerson(tenantId, id, includeContact): Promise<Person | null> {
      if (!isUuid(id)) return null;
      const rows = await withTenant(app, tenantId, (trx) =>
        queryPeople(trx, tenantId, { personId: id, limit: 1, offset: 0 }, includeContact),
      );
      return rows[0] ? toPerson(rows[0], includeContact, undefined) : null;
    },

    async listPeople(tenantId, rawQuery): Promise<PersonPage> {
      const query = rawQuery as PeopleQuery;
      const includeContact = query.include?.includes('contact') ?? false;
      const limit = Math.min(query.limit ?? HOST_LIMITS.defaultPageSize, HOST_LIMITS.maxPageSize);
      const offset = offsetOf(query.cursor);
      if (query.orgUnitId !== undefined && !isUuid(query.orgUnitId)) return { items: [], nextCursor: null };
      const filter: PersonFilter = {
        limit: limit + 1,
        offset,
        ...(query.kind ? { role: roleOfKind[query.kind] } : {}),
        ...(query.search ? { search: query.search } : {}),
        ...(query.orgUnitId
          ? { units: unitsOf(tenantId, query.orgUnitId, query.includeDescendants ?? false) }
          : {}),
      };
      const rows = await withTenant(app, tenantId, (trx) =>
        queryPeople(trx, tenantId, filter, includeContact),
      );
      const items = rows.slice(0, limit).map((row) => toPerson(row, includeContact, query.kind));
      return { items, nextCursor: rows.length > limit ? String(offset + limit) : null };
    },

    async guardiansOf(tenantId, studentId): Promise<Guardians> {
      if (!isUuid(studentId)) throw studentNotFound(studentId);
      const guardians = await withTenant(app, tenantId, (trx) => queryGuardians(trx, tenantId, studentId));
      if (!guardians) throw studentNotFound(studentId);
      return guardians;
    },

    async getOrgUnit(tenantId, id): Promise<OrgUnit | null> {
      if (!isUuid(id)) return null;
      const row = await withTenant(app, tenantId, (trx) =>
        liveUnits(trx, tenantId).where('id', '=', id).executeTakeFirst(),
      );
      return row ? toOrgUnit(row) : null;
    },

    async listOrgUnits(tenantId, rawQuery): Promise<HostMethodResult<'org.list'>> {
      const query = rawQuery as OrgQuery;
      const kind = query.kind === undefined ? undefined : storedUnitKind[query.kind];
      // A school is the tenant itself, not a unit of its tree; an unknown parent has no children.
      if (query.kind !== undefined && kind === undefined) return { items: [] };
      if (typeof query.parentId === 'string' && !isUuid(query.parentId)) return { items: [] };
      const rows = await withTenant(app, tenantId, (trx) => {
        let units = liveUnits(trx, tenantId);
        if (query.parentId === null) units = units.where('parent_id', 'is', null);
        else if (query.parentId !== undefined) units = units.where('parent_id', '=', query.parentId);
        if (kind) units = units.where('kind', '=', kind);
        return units.orderBy('sort').orderBy('name').orderBy('id').execute();
      });
      return { items: rows.map(toOrgUnit) };
    },
  };
}
