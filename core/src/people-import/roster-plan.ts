import type { GuardianRelation as DbRelation, OrgUnitKind } from '../identity/identity.table.ts';
import type { GuardianRelation } from './normalise.ts';
import { type PersonRow, type RosterState, rememberPerson, unitKey } from './roster-state.ts';
import type { RosterSink } from './roster-sink.ts';
import type { RowIssue, StaffRecord, StudentRecord } from './validate.ts';

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export const toDbRelation = (r: GuardianRelation): DbRelation => (r === 'other' ? 'guardian' : r);
export const fromDbRelation = (r: DbRelation): GuardianRelation => (r === 'guardian' ? 'other' : r);

/** Research groups sit in the org tree as their own kind; everything else in a staff file is a department. */
const departmentKind = (name: string): OrgUnitKind =>
  /(教研组|备课组|教研室)$/.test(name) ? 'teaching_research_group' : 'department';

function issue(line: number, column: string, value: string, code: string, zh: string, en: string): RowIssue {
  return { line, column, value, severity: 'error', code, message: { zh, en } };
}

/**
 * Applies roster rows to the school's state through a sink: the same code makes the dry-run
 * report (a sink that never writes) and the import (a sink that writes in the tenant
 * transaction), so what the dry run promises is what the import does. Keyed by 学号/工号; empty
 * cells never erase what the school already has.
 */
export class RosterPlanner {
  private readonly state: RosterState;
  private readonly sink: RosterSink;

  constructor(state: RosterState, sink: RosterSink) {
    this.state = state;
    this.sink = sink;
  }

  private unit(
    parent: { id: string; path: string } | null,
    kind: OrgUnitKind,
    name: string,
  ): { id: string; path: string; created: boolean } {
    const existing = this.state.unitsByKey.get(unitKey(parent?.id ?? null, kind, name));
    if (existing) return { id: existing.id, path: existing.path, created: false };
    const made = this.sink.createUnit({
      parentId: parent?.id ?? null,
      parentPath: parent?.path ?? '/',
      kind,
      name,
    });
    const row = { id: made.id, parentId: parent?.id ?? null, kind, name, path: made.path };
    this.state.units.set(row.id, row);
    this.state.unitsByKey.set(unitKey(row.parentId, kind, name), row);
    return { ...made, created: true };
  }

  /**
   * A grade is found by name wherever the school keeps it (usually under a campus); only a grade
   * the school does not have yet is created, at the top level.
   */
  private gradeUnit(name: string): { id: string; path: string; created: boolean } {
    for (const row of this.state.units.values()) {
      if (row.kind === 'grade' && row.name === name) return { id: row.id, path: row.path, created: false };
    }
    return this.unit(null, 'grade', name);
  }

  /**
   * A class is found under its grade by its own name, or by the school's usual full name when the
   * sheet gives only the number: 「1班」 or 「1」 in 一年级 is 一年级(1)班.
   */
  private classUnit(
    grade: { id: string; path: string },
    gradeName: string,
    name: string,
  ): { id: string; path: string; created: boolean } {
    const exact = this.state.unitsByKey.get(unitKey(grade.id, 'class', name));
    if (exact) return { id: exact.id, path: exact.path, created: false };
    const number = /^(\d{1,2})\s*班?$/.exec(name)?.[1];
    if (number) {
      const full = this.state.unitsByKey.get(unitKey(grade.id, 'class', `${gradeName}(${Number(number)})班`));
      if (full) return { id: full.id, path: full.path, created: false };
    }
    return this.unit(grade, 'class', name);
  }

  /** The person a new number belongs to: someone already known by phone or email (一人一号), or a new person. */
  private personFor(
    r: { line: number; name: string; phone: string | null; email?: string | null },
    headers: { name: string; phone: string; email?: string },
  ): { person: PersonRow; created: boolean } | RowIssue {
    const known =
      (r.phone && this.state.personsByPhone.get(r.phone)) ||
      (r.email && this.state.personsByEmail.get(r.email)) ||
      null;
    if (known) {
      if (known.name !== r.name) {
        return issue(
          r.line,
          headers.phone,
          r.phone ?? r.email ?? '',
          'identifier_taken',
          `手机号或邮箱已属于平台上的「${known.name}」，与本行姓名「${r.name}」不一致；请核对后再导入`,
          `This phone or email already belongs to "${known.name}", not "${r.name}"; check the row`,
        );
      }
      return { person: known, created: false };
    }
    const person: PersonRow = { id: '', name: r.name, phone: r.phone, email: r.email ?? null };
    person.id = this.sink.createPerson(person);
    rememberPerson(this.state, person);
    return { person, created: true };
  }

  private async updateIdentifiers(
    person: PersonRow,
    r: { line: number; name: string; phone: string | null; email?: string | null },
    headers: { phone: string; email?: string },
  ): Promise<{ changed: boolean; issue?: RowIssue }> {
    const patch: { display_name?: string; phone?: string; email?: string } = {};
    if (person.name !== r.name) patch.display_name = r.name;
    if (r.phone && r.phone !== person.phone) {
      const owner = this.state.personsByPhone.get(r.phone);
      if (owner && owner.id !== person.id) {
        return {
          changed: false,
          issue: issue(
            r.line,
            headers.phone,
            r.phone,
            'identifier_taken',
            `手机号 ${r.phone} 已被平台上的「${owner.name}」使用`,
            `Mobile ${r.phone} already belongs to "${owner.name}"`,
          ),
        };
      }
      patch.phone = r.phone;
    }
    if (r.email && r.email !== person.email) {
      const owner = this.state.personsByEmail.get(r.email);
      if (owner && owner.id !== person.id) {
        return {
          changed: false,
          issue: issue(
            r.line,
            headers.email ?? '邮箱',
            r.email,
            'identifier_taken',
            `邮箱 ${r.email} 已被「${owner.name}」使用`,
            `Email ${r.email} already belongs to "${owner.name}"`,
          ),
        };
      }
      patch.email = r.email;
    }
    if (Object.keys(patch).length === 0) return { changed: false };
    await this.sink.updatePerson(person.id, patch);
    rememberPerson(this.state, {
      ...person,
      name: patch.display_name ?? person.name,
      phone: patch.phone ?? person.phone,
      email: patch.email ?? person.email,
    });
    return { changed: true };
  }

  private gender(personId: string, gender: 'male' | 'female' | null): boolean {
    if (gender === null || this.state.genders.get(personId) === gender) return false;
    this.sink.setGender(personId, gender);
    this.state.genders.set(personId, gender);
    return true;
  }

  async student(
    r: StudentRecord,
    headers: Record<string, string>,
  ): Promise<{ outcome: RowOutcome; issues: RowIssue[] }> {
    const grade = this.gradeUnit(r.grade);
    const klass = this.classUnit(grade, r.grade, r.className);
    let changed = grade.created || klass.created;
    let created = false;
    let studentId: string;
    const existing = this.state.byNumber.get(r.studentNo);
    const h = { name: headers.name!, phone: headers.phone!, email: '' };
    if (existing) {
      if (existing.role !== 'student') {
        return {
          outcome: 'failed',
          issues: [
            issue(
              r.line,
              headers.studentNo!,
              r.studentNo,
              'number_taken',
              `学号 ${r.studentNo} 在本校已是一名${existing.role === 'parent' ? '家长' : '教职工'}的编号`,
              `Number ${r.studentNo} already belongs to a ${existing.role} here`,
            ),
          ],
        };
      }
      studentId = existing.personId;
      const person = this.state.persons.get(studentId)!;
      const ids = await this.updateIdentifiers(person, r, h);
      if (ids.issue) return { outcome: 'failed', issues: [ids.issue] };
      changed ||= ids.changed;
      if (existing.orgUnitId !== klass.id) {
        await this.sink.updateMembership(existing.id, { org_unit_id: klass.id });
        existing.orgUnitId = klass.id;
        changed = true;
      }
    } else {
      const found = this.personFor(r, h);
      if ('line' in found) return { outcome: 'failed', issues: [found] };
      studentId = found.person.id;
      if (this.state.byPersonRole.has(`${studentId}|student`)) {
        return {
          outcome: 'failed',
          issues: [
            issue(
              r.line,
              h.phone,
              r.phone ?? '',
              'already_student',
              `「${r.name}」已以另一个学号在本校就读`,
              `"${r.name}" is already a student here under another number`,
            ),
          ],
        };
      }
      const id = this.sink.createMembership({
        personId: studentId,
        role: 'student',
        orgUnitId: klass.id,
        number: r.studentNo,
      });
      const row = {
        id,
        personId: studentId,
        role: 'student' as const,
        orgUnitId: klass.id,
        number: r.studentNo,
      };
      this.state.byNumber.set(r.studentNo, row);
      this.state.byPersonRole.set(`${studentId}|student`, row);
      created = true;
    }
    changed = this.gender(studentId, r.gender) || changed;
    if (r.guardian) {
      const g = await this.guardian(r, studentId, headers);
      if (g.issue) return { outcome: 'failed', issues: [g.issue] };
      changed ||= g.changed;
    }
    return { outcome: created ? 'created' : changed ? 'updated' : 'unchanged', issues: [] };
  }

  private async guardian(
    r: StudentRecord,
    studentId: string,
    headers: Record<string, string>,
  ): Promise<{ changed: boolean; issue?: RowIssue }> {
    const g = r.guardian!;
    let parent = this.state.personsByPhone.get(g.phone);
    let changed = false;
    if (parent?.id === studentId) {
      return {
        changed,
        issue: issue(
          r.line,
          headers.guardianPhone!,
          g.phone,
          'phone_conflict',
          `家长手机 ${g.phone} 是学生本人的手机号`,
          `Parent mobile ${g.phone} is the student's own`,
        ),
      };
    }
    if (!parent) {
      parent = { id: '', name: g.name, phone: g.phone, email: null };
      parent.id = this.sink.createPerson(parent);
      rememberPerson(this.state, parent);
      changed = true;
    }
    if (!this.state.byPersonRole.has(`${parent.id}|parent`)) {
      const id = this.sink.createMembership({
        personId: parent.id,
        role: 'parent',
        orgUnitId: null,
        number: null,
      });
      this.state.byPersonRole.set(`${parent.id}|parent`, {
        id,
        personId: parent.id,
        role: 'parent',
        orgUnitId: null,
        number: null,
      });
      changed = true;
    }
    const key = `${parent.id}|${studentId}`;
    const relation = toDbRelation(g.relation);
    const current = this.state.guardianships.get(key);
    if (current === undefined) this.sink.link(parent.id, studentId, relation);
    else if (current !== relation) await this.sink.relink(parent.id, studentId, relation);
    if (current !== relation) {
      this.state.guardianships.set(key, relation);
      changed = true;
    }
    return { changed };
  }

  async staff(
    r: StaffRecord,
    headers: Record<string, string>,
  ): Promise<{ outcome: RowOutcome; issues: RowIssue[] }> {
    let parent: { id: string; path: string } | null = null;
    let changed = false;
    for (const name of r.department) {
      const made = this.unit(parent, departmentKind(name), name);
      changed ||= made.created;
      parent = made;
    }
    const dept = parent!;
    const h = { name: headers.name!, phone: headers.phone!, email: headers.email! };
    const existing = this.state.byNumber.get(r.staffNo);
    if (existing) {
      if (existing.role !== 'teacher' && existing.role !== 'staff') {
        return {
          outcome: 'failed',
          issues: [
            issue(
              r.line,
              headers.staffNo!,
              r.staffNo,
              'number_taken',
              `工号 ${r.staffNo} 在本校已是一名学生的学号`,
              `Number ${r.staffNo} already belongs to a student here`,
            ),
          ],
        };
      }
      const person = this.state.persons.get(existing.personId)!;
      const ids = await this.updateIdentifiers(person, r, h);
      if (ids.issue) return { outcome: 'failed', issues: [ids.issue] };
      changed ||= ids.changed;
      if (existing.orgUnitId !== dept.id || existing.role !== r.role) {
        await this.sink.updateMembership(existing.id, { org_unit_id: dept.id, role: r.role });
        existing.orgUnitId = dept.id;
        existing.role = r.role;
        changed = true;
      }
      changed = this.gender(existing.personId, r.gender) || changed;
      return { outcome: changed ? 'updated' : 'unchanged', issues: [] };
    }
    const found = this.personFor(r, h);
    if ('line' in found) return { outcome: 'failed', issues: [found] };
    const personId = found.person.id;
    if (this.state.byPersonRole.has(`${personId}|${r.role}`)) {
      return {
        outcome: 'failed',
        issues: [
          issue(
            r.line,
            h.phone,
            r.phone ?? '',
            'already_staff',
            `「${r.name}」已以另一个工号在本校任职`,
            `"${r.name}" already works here under another number`,
          ),
        ],
      };
    }
    const id = this.sink.createMembership({ personId, role: r.role, orgUnitId: dept.id, number: r.staffNo });
    const row = { id, personId, role: r.role, orgUnitId: dept.id, number: r.staffNo };
    this.state.byNumber.set(r.staffNo, row);
    this.state.byPersonRole.set(`${personId}|${r.role}`, row);
    this.gender(personId, r.gender);
    return { outcome: 'created', issues: [] };
  }
}
