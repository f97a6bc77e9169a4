import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { ImportKind } from './columns.ts';
import { writeTable } from './export.ts';
import type { FileFormat } from './parse.ts';
import { fromDbRelation } from './roster-plan.ts';
import type { StaffRecord, StudentRecord } from './validate.ts';

/**
 * Exports the school's numbered students (with class and first parent) or staff (with department
 * path) in the import format, and audits the export: a roster holds minors' contact data.
 */
export async function exportRoster(
  db: Kysely<Database>,
  tenantId: string,
  kind: ImportKind,
  format: FileFormat,
  actorPersonId: string,
  context: { ip: string; userAgent: string | null },
): Promise<Uint8Array> {
  const data = await withTenant(db, tenantId, async (trx) => {
    const units = new Map(
      (
        await trx
          .selectFrom('org_units')
          .select(['id', 'parent_id', 'name', 'kind'])
          .where('tenant_id', '=', tenantId)
          .execute()
      ).map((u) => [u.id, u]),
    );
    const roles = kind === 'students' ? (['student'] as const) : (['teacher', 'staff'] as const);
    const members = await trx
      .selectFrom('memberships as m')
      .innerJoin('persons as p', 'p.id', 'm.person_id')
      .leftJoin('roster_profiles as r', (join) =>
        join.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.person_id', '=', 'm.person_id'),
      )
      .select([
        'm.person_id',
        'm.role',
        'm.number',
        'm.org_unit_id',
        'p.display_name',
        'p.phone',
        'p.email',
        'r.gender',
      ])
      .where('m.tenant_id', '=', tenantId)
      .where('m.role', 'in', [...roles])
      .where('m.number', 'is not', null)
      .where('m.status', '=', 'active')
      .orderBy('m.number')
      .execute();
    const guardians = new Map<string, NonNullable<StudentRecord['guardian']>>();
    if (kind === 'students') {
      const links = await trx
        .selectFrom('guardianships as g')
        .innerJoin('persons as p', 'p.id', 'g.guardian_person_id')
        .select(['g.student_person_id', 'g.relation', 'p.display_name', 'p.phone'])
        .where('g.tenant_id', '=', tenantId)
        .orderBy('g.created_at')
        .execute();
      for (const l of links) {
        if (!guardians.has(l.student_person_id) && l.phone) {
          guardians.set(l.student_person_id, {
            name: l.display_name,
            phone: l.phone,
            relation: fromDbRelation(l.relation),
          });
        }
      }
    }
    await appendAudit(trx, {
      tenantId,
      actorPersonId,
      action: 'people.export',
      targetType: 'roster',
      targetId: kind,
      result: 'success',
      ...context,
      details: { kind, format, rows: members.length },
    });
    const unitName = (id: string | null) => (id ? (units.get(id)?.name ?? '') : '');
    if (kind === 'students') {
      const records: StudentRecord[] = members.map((m, i) => {
        const klass = m.org_unit_id ? units.get(m.org_unit_id) : undefined;
        return {
          line: i + 2,
          studentNo: m.number!,
          name: m.display_name,
          gender: m.gender ?? null,
          grade: unitName(klass?.parent_id ?? null),
          className: klass?.name ?? '',
          phone: m.phone,
          guardian: guardians.get(m.person_id) ?? null,
        };
      });
      return { kind, records } as const;
    }
    const records: StaffRecord[] = members.map((m, i) => {
      const path: string[] = [];
      for (let id = m.org_unit_id; id && path.length < 8; id = units.get(id)?.parent_id ?? null)
        path.unshift(unitName(id));
      return {
        line: i + 2,
        staffNo: m.number!,
        name: m.display_name,
        gender: m.gender ?? null,
        department: path,
        phone: m.phone,
        email: m.email,
        role: m.role === 'staff' ? 'staff' : 'teacher',
      };
    });
    return { kind, records } as const;
  });
  return writeTable(format, data);
}
