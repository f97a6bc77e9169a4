import ExcelJS from 'exceljs';
import { columnsOf, type ImportKind } from './columns.ts';
import { genderLabel, relationLabel, roleLabel } from './normalise.ts';
import type { FileFormat } from './parse.ts';
import type { ImportRecords, StaffRecord, StudentRecord } from './validate.ts';

/** The cells of one record, in the order of the kind's columns. */
export function recordCells(kind: ImportKind, record: StudentRecord | StaffRecord): string[] {
  if (kind === 'students') {
    const r = record as StudentRecord;
    return [
      r.studentNo,
      r.name,
      r.gender ? genderLabel[r.gender] : '',
      r.grade,
      r.className,
      r.phone ?? '',
      r.guardian?.name ?? '',
      r.guardian?.phone ?? '',
      r.guardian ? relationLabel[r.guardian.relation] : '',
    ];
  }
  const r = record as StaffRecord;
  return [
    r.staffNo,
    r.name,
    r.gender ? genderLabel[r.gender] : '',
    r.department.join('/'),
    r.phone ?? '',
    r.email ?? '',
    roleLabel[r.role],
  ];
}

/**
 * A cell that starts with = + - @ (or a tab/CR) is a formula to Excel; prefixing a quote keeps a
 * name like "=HYPERLINK(…)" from running when the admin opens the export (CSV injection, OWASP).
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(text: string): string {
  const safe = neutraliseFormula(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Writes records in the import format, so that an exported file imports back unchanged.
 * XLSX cells are written as text (numbers keep their leading zeros); CSV is UTF-8 with a BOM, which
 * Excel needs to show Chinese correctly.
 *
 * @example
 * const bytes = await writeTable('xlsx', { kind: 'students', records });
 */
export async function writeTable(format: FileFormat, data: ImportRecords): Promise<Uint8Array> {
  const headers = columnsOf(data.kind).map((spec) => spec.header);
  const rows = (data.records as Array<StudentRecord | StaffRecord>).map((r) => recordCells(data.kind, r));
  if (format === 'csv') {
    const lines = [headers, ...rows].map((cells) => cells.map(csvCell).join(','));
    return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CampusBase';
  const sheet = workbook.addWorksheet(data.kind === 'students' ? '学生' : '教职工', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columnsOf(data.kind).map((spec) => ({
    header: spec.header,
    key: spec.key,
    width: Math.max(10, spec.example.length + 6),
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  // Cells go in as strings, which Excel never evaluates, so no formula guard is needed here.
  for (const cells of rows) sheet.addRow(cells);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** An empty file with the header row and one example row, for the import wizard's download. */
export async function writeTemplate(format: FileFormat, kind: ImportKind): Promise<Uint8Array> {
  const example = columnsOf(kind).map((spec) => spec.example);
  if (format === 'csv') {
    const lines = [columnsOf(kind).map((s) => s.header), example].map((cells) =>
      cells.map(csvCell).join(','),
    );
    return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind === 'students' ? '学生' : '教职工');
  sheet.columns = columnsOf(kind).map((spec) => ({
    header: spec.required ? `${spec.header}*` : spec.header,
    key: spec.key,
    width: Math.max(10, spec.example.length + 6),
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(example);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
