import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { guessKind, matchHeaders } from './columns.ts';
import { recordCells, writeTable, writeTemplate } from './export.ts';
import { checkPhone } from './normalise.ts';
import { readTable, sniffFormat } from './parse.ts';
import { staffRoster, studentRoster } from './testing/roster.ts';
import { validateTable } from './validate.ts';

async function xlsxOf(rows: string[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('reading rosters', () => {
  it('finds the header under a title row and numbers rows as Excel does', async () => {
    const bytes = await xlsxOf([
      ['凤岭实验小学 2025 学年学生名单'],
      ['学号', '姓名', '性别', '年级', '班级'],
      ['20250001', '黄子涵', '女', '一年级', '1班'],
      [],
      ['20250002', '韦浩然', '男', '一年级', '1班'],
    ]);
    expect(sniffFormat(bytes)).toBe('xlsx');
    const table = await readTable(bytes, 'xlsx');
    expect(table.headerLine).toBe(2);
    expect(table.rows.map((r) => r.line)).toEqual([3, 5]);
    expect(table.rows[1]?.cells[1]).toBe('韦浩然');
  });

  it('keeps numbers typed as numbers exact (phone numbers, student numbers)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('s');
    sheet.addRow(['学号', '姓名', '年级', '班级', '家长姓名', '家长手机']);
    sheet.addRow([20250001, '黄子涵', '一年级', '1班', '黄伟', 13907710001]);
    const table = await readTable(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer), 'xlsx');
    expect(table.rows[0]?.cells).toEqual(['20250001', '黄子涵', '一年级', '1班', '黄伟', '13907710001']);
  });

  it('reads CSV saved by Excel in GBK as well as UTF-8 with a BOM', async () => {
    const text = '学号,姓名,年级,班级\r\n20250001,黄子涵,一年级,1班\r\n';
    const utf8 = new TextEncoder().encode(`\uFEFF${text}`);
    const gbk = gbkEncode(text);
    for (const bytes of [utf8, gbk]) {
      expect(sniffFormat(bytes)).toBe('csv');
      const table = await readTable(bytes, 'csv');
      expect(table.headers).toEqual(['学号', '姓名', '年级', '班级']);
      expect(table.rows[0]?.cells).toEqual(['20250001', '黄子涵', '一年级', '1班']);
    }
  });

  it('refuses a file that is not a spreadsheet, saying how to fix it', async () => {
    const fake = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    await expect(readTable(fake, 'xlsx')).rejects.toThrow(/xlsx/);
  });
});

/** The few characters this test needs, in GBK (TextEncoder only writes UTF-8). */
function gbkEncode(text: string): Uint8Array {
  const table: Record<string, number[]> = {};
  const decoder = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) table[decoder.decode(new Uint8Array([hi, lo]))] ??= [hi, lo];
  }
  const out: number[] = [];
  for (const ch of text) out.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table[ch]!));
  return new Uint8Array(out);
}

describe('column mapping', () => {
  it('accepts synonyms, marks and full-width brackets in headers', () => {
    const match = matchHeaders('students', [
      '学籍号*',
      '学生姓名',
      '年级（必填）',
      '班别',
      '监护人电话',
      '备注',
    ]);
    expect([...match.positions.keys()]).toEqual(['studentNo', 'name', 'grade', 'className', 'guardianPhone']);
    expect(match.unknown.map((u) => u.header)).toEqual(['备注']);
    expect(match.missing).toEqual([]);
  });

  it('tells staff from students by their headers', () => {
    expect(guessKind(['工号', '姓名', '部门'])).toBe('staff');
    expect(guessKind(['学号', '姓名', '年级', '班级'])).toBe('students');
  });

  it('normalises phone numbers as people write them', () => {
    expect(checkPhone('+86 139-0771-0001')).toEqual({ ok: true, value: '13907710001' });
    expect(checkPhone('１３９０７７１０００１')).toEqual({ ok: true, value: '13907710001' });
    expect(checkPhone('0771-5550001').ok).toBe(false);
  });
});

describe('dry-run report on a 10,000-row XLSX', () => {
  it('names each bad row, its column and why; the fixed file validates completely', async () => {
    const records = studentRoster(10_000);
    const rows = [
      ['学号', '姓名', '性别', '年级', '班级', '手机号', '家长姓名', '家长手机', '家长关系'],
      ...records.map((r) => recordCells('students', r)),
    ];
    const broken = rows.map((row) => [...row]);
    broken[100]![7] = '1390771'; // short parent phone, spreadsheet row 101
    broken[2000]![0] = broken[1999]![0]!; // duplicate student number, row 2001
    broken[5000]![2] = '未知'; // bad gender, row 5001
    broken[9999]![1] = ''; // missing name, row 10000
    broken[7000]![7] = ''; // parent without phone, row 7001

    const progress: number[] = [];
    const table = await readTable(await xlsxOf(broken), 'xlsx');
    const report = await validateTable('students', table, (done) => progress.push(done));
    expect(report.totalRows).toBe(10_000);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(10_000);
    expect(report.errorLines).toEqual([101, 2001, 5001, 7001, 10000]);
    const byLine = new Map(report.issues.map((i) => [i.line, i]));
    expect(byLine.get(101)).toMatchObject({ column: '家长手机', code: 'invalid_phone', value: '1390771' });
    expect(byLine.get(101)?.message.zh).toContain('11 位手机号');
    expect(byLine.get(2001)).toMatchObject({ column: '学号', code: 'duplicate_in_file' });
    expect(byLine.get(2001)?.message.zh).toContain('第 2000 行');
    expect(byLine.get(5001)).toMatchObject({ column: '性别', code: 'invalid_gender' });
    expect(byLine.get(10000)).toMatchObject({ column: '姓名', code: 'required' });
    expect(byLine.get(7001)).toMatchObject({ column: '家长手机', code: 'required' });
    expect(report.valid.records).toHaveLength(9_995);

    const fixed = await validateTable('students', await readTable(await xlsxOf(rows), 'xlsx'));
    expect(fixed.issues).toEqual([]);
    expect(fixed.valid.records).toHaveLength(10_000);
  }, 60_000);
});

describe('export in the import format', () => {
  it('round-trips students and staff through XLSX and CSV unchanged', async () => {
    const students = studentRoster(120);
    const staff = staffRoster(40);
    for (const format of ['xlsx', 'csv'] as const) {
      const s = await validateTable(
        'students',
        await readTable(await writeTable(format, { kind: 'students', records: students }), format),
      );
      expect(s.issues).toEqual([]);
      expect(s.valid.records).toEqual(students);
      const t = await validateTable(
        'staff',
        await readTable(await writeTable(format, { kind: 'staff', records: staff }), format),
      );
      expect(t.issues).toEqual([]);
      expect(t.valid.records).toEqual(staff);
    }
  });

  it('neutralises formulas in CSV so a name cannot run in Excel', async () => {
    const [one] = staffRoster(1);
    const bytes = await writeTable('csv', {
      kind: 'staff',
      records: [{ ...one!, name: '=HYPERLINK("http://x")' }],
    });
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('offers a template whose example row passes validation', async () => {
    for (const kind of ['students', 'staff'] as const) {
      const table = await readTable(await writeTemplate('xlsx', kind), 'xlsx');
      const report = await validateTable(kind, table);
      expect(report.issues).toEqual([]);
      expect(report.valid.records).toHaveLength(1);
    }
  });
});

describe('the demo rosters in docs/examples', () => {
  it('import without a single issue', async () => {
    const { readFile } = await import('node:fs/promises');
    const dir = new URL('../../../docs/examples/', import.meta.url);
    for (const [name, kind] of [
      ['students-demo.xlsx', 'students'],
      ['students-demo.csv', 'students'],
      ['staff-demo.xlsx', 'staff'],
    ] as const) {
      const bytes = new Uint8Array(await readFile(new URL(name, dir)));
      const report = await validateTable(kind, await readTable(bytes, sniffFormat(bytes)));
      expect(report.issues).toEqual([]);
      expect(report.valid.records.length).toBeGreaterThan(10);
    }
  });
});
