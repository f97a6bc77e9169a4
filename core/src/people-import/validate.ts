import type { LocalizedText } from '@campusbase/plugin-sdk/errors';
import { columnsOf, type ImportKind, matchHeaders } from './columns.ts';
import {
  type Check,
  checkDepartment,
  checkEmail,
  checkGender,
  checkName,
  checkNumber,
  checkPhone,
  checkRelation,
  checkRole,
  checkUnitName,
  type Gender,
  type GuardianRelation,
  type StaffRole,
} from './normalise.ts';
import type { RawTable } from './parse.ts';

export interface RowIssue {
  /** The spreadsheet row (1-based, as Excel shows it); 0 for the file as a whole. */
  line: number;
  /** The column header as the file names it, or the canonical one when the column is missing. */
  column: string;
  value: string;
  severity: 'error' | 'warning';
  code: string;
  message: LocalizedText;
}

export interface StudentRecord {
  line: number;
  studentNo: string;
  name: string;
  gender: Gender | null;
  grade: string;
  className: string;
  phone: string | null;
  guardian: { name: string; phone: string; relation: GuardianRelation } | null;
}

export interface StaffRecord {
  line: number;
  staffNo: string;
  name: string;
  gender: Gender | null;
  department: string[];
  phone: string | null;
  email: string | null;
  role: StaffRole;
}

export type ImportRecords =
  | { kind: 'students'; records: StudentRecord[] }
  | { kind: 'staff'; records: StaffRecord[] };

export interface Validation {
  kind: ImportKind;
  totalRows: number;
  /** Rows without errors, ready to write. */
  valid: ImportRecords;
  issues: RowIssue[];
  /** Lines that have at least one error. */
  errorLines: number[];
}

export type Progress = (done: number, total: number) => void;

const YIELD_EVERY = 500;

/**
 * Checks every row and every cell of a roster and returns the rows that pass, with a report of
 * the others: which row, which column, and why, in Chinese and English.
 *
 * @example
 * const result = await validateTable('students', await readTable(bytes, 'xlsx'));
 * result.issues[0] // { line: 7, column: '家长手机', code: 'invalid_phone', message: { zh: '手机号「1390771」…' } }
 */
export async function validateTable(
  kind: ImportKind,
  table: RawTable,
  progress?: Progress,
): Promise<Validation> {
  const match = matchHeaders(kind, table.headers);
  const issues: RowIssue[] = [];
  const fileIssue = (column: string, code: string, message: LocalizedText, severity: RowIssue['severity']) =>
    issues.push({ line: table.headerLine, column, value: column, severity, code, message });

  for (const spec of match.missing) {
    fileIssue(
      spec.header,
      'missing_column',
      {
        zh: `缺少必填列「${spec.header}」，请使用导入模板的表头`,
        en: `The required column "${spec.header}" (${spec.en}) is missing; use the template's header row`,
      },
      'error',
    );
  }
  for (const { header } of match.unknown) {
    fileIssue(
      header,
      'unknown_column',
      {
        zh: `不认识的列「${header}」，导入时将忽略`,
        en: `The column "${header}" is not known and will be ignored`,
      },
      'warning',
    );
  }
  for (const { header } of match.duplicated) {
    fileIssue(
      header,
      'duplicate_column',
      {
        zh: `列「${header}」重复出现，只使用第一列`,
        en: `The column "${header}" appears twice; only the first is used`,
      },
      'warning',
    );
  }
  if (match.missing.length > 0) {
    return {
      kind,
      totalRows: table.rows.length,
      valid: kind === 'students' ? { kind, records: [] } : { kind, records: [] },
      issues,
      errorLines: table.rows.map((r) => r.line),
    };
  }

  const specs = columnsOf(kind);
  const headerOf = (key: string) => {
    const index = match.positions.get(key);
    return index === undefined ? specs.find((s) => s.key === key)!.header : table.headers[index]!;
  };
  const students: StudentRecord[] = [];
  const staff: StaffRecord[] = [];
  const errorLines = new Set<number>();

  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i]!;
    const cell = (key: string) => {
      const index = match.positions.get(key);
      return index === undefined ? '' : (row.cells[index] ?? '');
    };
    const rowIssues: RowIssue[] = [];
    const take = <T>(key: string, check: Check<T>): T | undefined => {
      if (check.ok) return check.value;
      rowIssues.push({
        line: row.line,
        column: headerOf(key),
        value: cell(key),
        severity: 'error',
        code: check.code,
        message: check.text,
      });
      return undefined;
    };
    if (kind === 'students') {
      const record = checkStudent(cell, take, rowIssues, row.line, headerOf);
      if (record) students.push(record);
    } else {
      const record = checkStaff(cell, take, row.line);
      if (record) staff.push(record);
    }
    if (rowIssues.some((issue) => issue.severity === 'error')) errorLines.add(row.line);
    issues.push(...rowIssues);
    if ((i + 1) % YIELD_EVERY === 0) {
      progress?.(i + 1, table.rows.length);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  progress?.(table.rows.length, table.rows.length);

  const crossIssues =
    kind === 'students' ? crossCheckStudents(students, headerOf) : crossCheckStaff(staff, headerOf);
  for (const issue of crossIssues) if (issue.severity === 'error') errorLines.add(issue.line);
  issues.push(...crossIssues);
  issues.sort((a, b) => a.line - b.line);

  const valid: ImportRecords =
    kind === 'students'
      ? { kind, records: students.filter((r) => !errorLines.has(r.line)) }
      : { kind, records: staff.filter((r) => !errorLines.has(r.line)) };
  return {
    kind,
    totalRows: table.rows.length,
    valid,
    issues,
    errorLines: [...errorLines].sort((a, b) => a - b),
  };
}

type Take = <T>(key: string, check: Check<T>) => T | undefined;

function checkStudent(
  cell: (key: string) => string,
  take: Take,
  rowIssues: RowIssue[],
  line: number,
  headerOf: (key: string) => string,
): StudentRecord | null {
  const studentNo = take('studentNo', checkNumber(cell('studentNo'), { zh: '学号', en: 'student number' }));
  const name = take('name', checkName(cell('name')));
  const gender = take('gender', checkGender(cell('gender')));
  const grade = take('grade', checkUnitName(cell('grade'), { zh: '年级', en: 'grade' }));
  const className = take('className', checkUnitName(cell('className'), { zh: '班级', en: 'class' }));
  const phone = cell('phone') === '' ? null : take('phone', checkPhone(cell('phone')));
  let guardian: StudentRecord['guardian'] = null;
  const hasGuardian = cell('guardianName') !== '' || cell('guardianPhone') !== '';
  if (hasGuardian) {
    const gName = take('guardianName', checkName(cell('guardianName')));
    if (cell('guardianPhone') === '') {
      rowIssues.push({
        line,
        column: headerOf('guardianPhone'),
        value: '',
        severity: 'error',
        code: 'required',
        message: {
          zh: '填写了家长姓名就必须填写家长手机（家长用手机号和短信验证码登录）',
          en: 'A parent name needs the parent mobile too (parents log in with their phone and an SMS code)',
        },
      });
    }
    const gPhone =
      cell('guardianPhone') === '' ? undefined : take('guardianPhone', checkPhone(cell('guardianPhone')));
    const relation = take('guardianRelation', checkRelation(cell('guardianRelation')));
    if (gName && gPhone && relation) guardian = { name: gName, phone: gPhone, relation };
  }
  if (rowIssues.length > 0 || !studentNo || !name || gender === undefined || !grade || !className)
    return null;
  if (phone === undefined) return null;
  return { line, studentNo, name, gender, grade, className, phone, guardian };
}

function checkStaff(cell: (key: string) => string, take: Take, line: number): StaffRecord | null {
  const staffNo = take('staffNo', checkNumber(cell('staffNo'), { zh: '工号', en: 'staff number' }));
  const name = take('name', checkName(cell('name')));
  const gender = take('gender', checkGender(cell('gender')));
  const department = take('department', checkDepartment(cell('department')));
  const phone = cell('phone') === '' ? null : take('phone', checkPhone(cell('phone')));
  const email = take('email', checkEmail(cell('email')));
  const role = take('role', checkRole(cell('role')));
  if (!staffNo || !name || gender === undefined || !department || phone === undefined) return null;
  if (email === undefined || !role) return null;
  return { line, staffNo, name, gender, department, phone, email, role };
}

function duplicateIssue(
  line: number,
  firstLine: number,
  column: string,
  value: string,
  what: LocalizedText,
): RowIssue {
  return {
    line,
    column,
    value,
    severity: 'error',
    code: 'duplicate_in_file',
    message: {
      zh: `${what.zh}「${value}」与第 ${firstLine} 行重复`,
      en: `The ${what.en} "${value}" repeats row ${firstLine}`,
    },
  };
}

function crossCheckStudents(records: StudentRecord[], headerOf: (key: string) => string): RowIssue[] {
  const issues: RowIssue[] = [];
  const numbers = new Map<string, number>();
  const phones = new Map<string, number>();
  const guardians = new Map<string, { line: number; name: string }>();
  for (const r of records) {
    const first = numbers.get(r.studentNo);
    if (first)
      issues.push(
        duplicateIssue(r.line, first, headerOf('studentNo'), r.studentNo, {
          zh: '学号',
          en: 'student number',
        }),
      );
    else numbers.set(r.studentNo, r.line);
    if (r.phone) {
      const firstPhone = phones.get(r.phone);
      if (firstPhone)
        issues.push(
          duplicateIssue(r.line, firstPhone, headerOf('phone'), r.phone, {
            zh: '学生手机号',
            en: 'student mobile',
          }),
        );
      else phones.set(r.phone, r.line);
    }
    if (r.guardian) {
      // Siblings share a parent, so a repeated parent phone is normal; a different name is not.
      const seen = guardians.get(r.guardian.phone);
      if (!seen) guardians.set(r.guardian.phone, { line: r.line, name: r.guardian.name });
      else if (seen.name !== r.guardian.name) {
        issues.push({
          line: r.line,
          column: headerOf('guardianName'),
          value: r.guardian.name,
          severity: 'warning',
          code: 'guardian_name_differs',
          message: {
            zh: `家长手机 ${r.guardian.phone} 在第 ${seen.line} 行的家长姓名是「${seen.name}」，将沿用该姓名`,
            en: `Parent mobile ${r.guardian.phone} is named "${seen.name}" on row ${seen.line}; that name is kept`,
          },
        });
        r.guardian.name = seen.name;
      }
    }
  }
  for (const r of records) {
    const own = r.guardian ? phones.get(r.guardian.phone) : undefined;
    if (r.guardian && own) {
      issues.push({
        line: r.line,
        column: headerOf('guardianPhone'),
        value: r.guardian.phone,
        severity: 'error',
        code: 'phone_conflict',
        message: {
          zh: `家长手机 ${r.guardian.phone} 已是第 ${own} 行学生本人的手机号`,
          en: `Parent mobile ${r.guardian.phone} is the student's own mobile on row ${own}`,
        },
      });
    }
  }
  return issues;
}

function crossCheckStaff(records: StaffRecord[], headerOf: (key: string) => string): RowIssue[] {
  const issues: RowIssue[] = [];
  const numbers = new Map<string, number>();
  const phones = new Map<string, number>();
  const emails = new Map<string, number>();
  for (const r of records) {
    const first = numbers.get(r.staffNo);
    if (first)
      issues.push(
        duplicateIssue(r.line, first, headerOf('staffNo'), r.staffNo, { zh: '工号', en: 'staff number' }),
      );
    else numbers.set(r.staffNo, r.line);
    if (r.phone) {
      const firstPhone = phones.get(r.phone);
      if (firstPhone)
        issues.push(
          duplicateIssue(r.line, firstPhone, headerOf('phone'), r.phone, { zh: '手机号', en: 'mobile' }),
        );
      else phones.set(r.phone, r.line);
    }
    if (r.email) {
      const firstEmail = emails.get(r.email);
      if (firstEmail)
        issues.push(
          duplicateIssue(r.line, firstEmail, headerOf('email'), r.email, { zh: '邮箱', en: 'email' }),
        );
      else emails.set(r.email, r.line);
    }
  }
  return issues;
}
