import { ForbiddenError, InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { z } from '@hono/zod-openapi';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';

export const AUDIENCE_ROLES = ['student', 'teacher', 'head_teacher', 'staff', 'parent', 'admin'] as const;
export type AudienceRole = (typeof AUDIENCE_ROLES)[number];

const Roles = z.array(z.enum(AUDIENCE_ROLES)).min(1).max(AUDIENCE_ROLES.length);

export const AudiencePartSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('people'), personIds: z.array(z.uuid()).min(1).max(10_000) }),
    z.object({
      kind: z.literal('unit'),
      orgUnitId: z.uuid(),
      roles: Roles,
      includeDescendants: z.boolean().default(true),
    }),
    z.object({ kind: z.literal('school'), roles: Roles }),
    z.object({ kind: z.literal('headTeacherOf'), studentId: z.uuid() }),
    z.object({ kind: z.literal('schools'), roles: Roles, schoolIds: z.array(z.uuid()).max(2000).optional() }),
  ])
  .openapi('AudiencePart', {
    description:
      'unit: people of an org unit (and below) by role, e.g. parents of 七年级(2)班; school: the whole school by role; headTeacherOf: the head teacher of a student; schools: (bureaus only) people of the schools below the bureau.',
  });

export const AudienceSchema = z.array(AudiencePartSchema).min(1).max(20).openapi('Audience');
export type AudiencePart = z.infer<typeof AudiencePartSchema>;

/** The sender's tenant, as the audience rules need it. */
export interface SenderTenant {
  id: string;
  kind: string;
  path: string;
}

export interface ResolvedAudience {
  /** person id → the roles through which the audience reached them (one message each). */
  recipients: Map<string, Set<Via>>;
  /** The org units the audience names, with their paths (for permission checks over subtrees). */
  unitPaths: Map<string, string>;
  /** Person ids given explicitly that are not members of the school: they are left out. */
  excluded: number;
}

/** How a person was reached: through a role, or named explicitly. */
export type Via = AudienceRole | 'named';
type Row = { person_id: string; via: Via };

function unitsOf(tenantId: string, unitId: string, descendants: boolean): RawBuilder<unknown> {
  if (!descendants) return sql`SELECT ${unitId}::uuid AS id`;
  return sql`SELECT u.id FROM org_units u WHERE u.tenant_id = ${tenantId} AND u.archived_at IS NULL
    AND u.path LIKE (SELECT p.path FROM org_units p WHERE p.tenant_id = ${tenantId} AND p.id = ${unitId}) || '%'`;
}

/** SQL that yields (person_id, via) for one role, within a set of units or the whole school. */
function roleQuery(tenantId: string, role: AudienceRole, units: RawBuilder<unknown> | null): RawBuilder<Row> {
  const inUnits = (column: RawBuilder<unknown>) => (units ? sql`AND ${column} IN (${units})` : sql``);
  const member = (r: string) => sql<Row>`
    SELECT m.person_id, ${role}::text AS via FROM memberships m
    WHERE m.tenant_id = ${tenantId} AND m.role = ${r} AND m.status = 'active' ${inUnits(sql`m.org_unit_id`)}`;
  const granted = (keys: string[]) => sql<Row>`
    SELECT g.person_id, ${role}::text AS via FROM role_grants g
    WHERE g.tenant_id = ${tenantId} AND g.revoked_at IS NULL AND g.role_key IN (${sql.join(keys)})
    ${units ? sql`AND (g.org_unit_id IN (${units}))` : sql``}`;
  switch (role) {
    case 'student':
    case 'staff':
      return member(role);
    case 'teacher':
      return sql<Row>`${member('teacher')} UNION ${granted(['teacher', 'head_teacher'])}`;
    case 'head_teacher':
      return granted(['head_teacher']);
    case 'admin':
      return sql<Row>`SELECT g.person_id, 'admin'::text AS via FROM role_grants g
        WHERE g.tenant_id = ${tenantId} AND g.revoked_at IS NULL AND g.role_key IN ('school_admin', 'it_admin')`;
    case 'parent':
      return sql<Row>`
        SELECT g.guardian_person_id AS person_id, 'parent'::text AS via
        FROM guardianships g JOIN memberships s
          ON s.tenant_id = g.tenant_id AND s.person_id = g.student_person_id AND s.role = 'student' AND s.status = 'active'
        WHERE g.tenant_id = ${tenantId} ${inUnits(sql`s.org_unit_id`)}`;
  }
}

async function runRoles(
  trx: Transaction<Database>,
  tenantId: string,
  roles: ReadonlyArray<AudienceRole>,
  units: RawBuilder<unknown> | null,
): Promise<Row[]> {
  const union = sql.join(
    roles.map((role) => sql`(${roleQuery(tenantId, role, units)})`),
    sql` UNION `,
  );
  const { rows } = await sql<Row>`
    SELECT r.person_id, r.via FROM (${union}) r JOIN persons p ON p.id = r.person_id AND p.status = 'active'`.execute(
    trx,
  );
  return rows;
}

/**
 * Resolves an audience inside the sender's school. Every query carries the school's tenant_id and
 * runs under its row-level security, so no part can reach another school: a unit, student or
 * person of another school is not found or left out. Only a bureau may name `schools`, and then
 * only schools in its own subtree, each read under that school's own tenant scope.
 */
export async function resolveAudience(
  trx: Transaction<Database>,
  app: Kysely<Database>,
  sender: SenderTenant,
  parts: ReadonlyArray<AudiencePart>,
): Promise<ResolvedAudience> {
  const recipients = new Map<string, Set<Via>>();
  const unitPaths = new Map<string, string>();
  let excluded = 0;
  const add = (rows: Row[]) => {
    for (const row of rows) {
      let via = recipients.get(row.person_id);
      if (!via) {
        via = new Set();
        recipients.set(row.person_id, via);
      }
      via.add(row.via);
    }
  };
  const isSchool = sender.kind === 'school';
  for (const part of parts) {
    if (part.kind === 'schools') {
      if (isSchool || sender.kind === 'platform') {
        throw new ForbiddenError(
          { zh: '只有教育局可以向下属学校群发', en: 'Only a bureau can send to the schools below it' },
          undefined,
          'audience_outside_school',
        );
      }
      add(await resolveSchools(trx, app, sender, part.roles, part.schoolIds));
      continue;
    }
    if (!isSchool) {
      throw new InputError({
        zh: '教育局只能按“下属学校”选择接收人',
        en: 'A bureau chooses recipients by the schools below it (kind: schools)',
      });
    }
    const t = sender.id;
    if (part.kind === 'unit') {
      const unit = await trx
        .selectFrom('org_units')
        .select(['id', 'path'])
        .where('tenant_id', '=', t)
        .where('id', '=', part.orgUnitId)
        .executeTakeFirst();
      if (!unit) {
        throw new NotFoundError({
          zh: '本校没有这个组织单元（班级、年级或部门）',
          en: `Org unit ${part.orgUnitId} does not exist in this school`,
        });
      }
      unitPaths.set(unit.id, unit.path);
      add(await runRoles(trx, t, part.roles, unitsOf(t, unit.id, part.includeDescendants)));
    } else if (part.kind === 'school') {
      add(await runRoles(trx, t, part.roles, null));
    } else if (part.kind === 'people') {
      const ids = [...new Set(part.personIds)];
      const { rows } = await sql<{ person_id: string }>`
        SELECT DISTINCT m.person_id FROM memberships m JOIN persons p ON p.id = m.person_id AND p.status = 'active'
        WHERE m.tenant_id = ${t} AND m.status = 'active' AND m.person_id = ANY(${ids}::uuid[])
        UNION
        SELECT g.guardian_person_id FROM guardianships g WHERE g.tenant_id = ${t} AND g.guardian_person_id = ANY(${ids}::uuid[])
        UNION
        SELECT r.person_id FROM role_grants r WHERE r.tenant_id = ${t} AND r.revoked_at IS NULL AND r.person_id = ANY(${ids}::uuid[])`.execute(
        trx,
      );
      excluded += ids.length - rows.length;
      add(rows.map((r) => ({ person_id: r.person_id, via: 'named' as const })));
    } else {
      add(await headTeacherOf(trx, t, part.studentId, unitPaths));
    }
  }
  return { recipients, unitPaths, excluded };
}

async function headTeacherOf(
  trx: Transaction<Database>,
  tenantId: string,
  studentId: string,
  unitPaths: Map<string, string>,
): Promise<Row[]> {
  const student = await trx
    .selectFrom('memberships as m')
    .innerJoin('org_units as u', (j) =>
      j.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.id', '=', 'm.org_unit_id'),
    )
    .select(['u.id', 'u.path'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.person_id', '=', studentId)
    .where('m.role', '=', 'student')
    .where('m.status', '=', 'active')
    .executeTakeFirst();
  if (!student) {
    throw new NotFoundError({ zh: '本校没有这名学生', en: `Student ${studentId} is not in this school` });
  }
  unitPaths.set(student.id, student.path);
  const { rows } = await sql<Row>`
    SELECT g.person_id, 'head_teacher'::text AS via FROM role_grants g JOIN persons p ON p.id = g.person_id AND p.status = 'active'
    WHERE g.tenant_id = ${tenantId} AND g.revoked_at IS NULL AND g.role_key = 'head_teacher' AND g.org_unit_id = ${student.id}`.execute(
    trx,
  );
  return rows;
}

async function resolveSchools(
  trx: Transaction<Database>,
  app: Kysely<Database>,
  bureau: SenderTenant,
  roles: ReadonlyArray<AudienceRole>,
  schoolIds: ReadonlyArray<string> | undefined,
): Promise<Row[]> {
  let query = trx
    .selectFrom('tenants')
    .select('id')
    .where('kind', '=', 'school')
    .where('status', '=', 'active')
    .where('path', 'like', `${bureau.path}%`);
  if (schoolIds)
    query = query.where(
      'id',
      'in',
      schoolIds.length > 0 ? [...schoolIds] : ['00000000-0000-0000-0000-000000000000'],
    );
  const schools = await query.execute();
  if (schoolIds && schools.length !== new Set(schoolIds).size) {
    throw new ForbiddenError(
      { zh: '只能向本局下属的学校发送', en: 'Some of these schools are not below this bureau' },
      undefined,
      'audience_outside_subtree',
    );
  }
  const rows: Row[] = [];
  for (const school of schools) {
    // Each school is read under its own tenant scope, in its own transaction.
    rows.push(...(await withTenant(app, school.id, (scoped) => runRoles(scoped, school.id, roles, null))));
  }
  return rows;
}

/** Counts for the preview: everyone once, and how many were reached through each role. */
export function audienceCounts(resolved: ResolvedAudience): {
  total: number;
  byRole: Partial<Record<Via, number>>;
} {
  const byRole: Partial<Record<Via, number>> = {};
  for (const via of resolved.recipients.values())
    for (const role of via) byRole[role] = (byRole[role] ?? 0) + 1;
  return { total: resolved.recipients.size, byRole };
}
