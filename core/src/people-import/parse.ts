import { InputError, LimitError } from '@campusbase/plugin-sdk/errors';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { knownHeaderCount } from './columns.ts';

export type FileFormat = 'xlsx' | 'csv';

/** One data row, numbered as the spreadsheet numbers it, so the admin finds it in Excel. */
export interface RawRow {
  line: number;
  cells: string[];
}

export interface RawTable {
  headerLine: number;
  headers: string[];
  rows: RawRow[];
}

export const importLimits = {
  /** Upload size; a roster of 50,000 people is about 3 MB as XLSX. */
  maxBytes: 20 * 1024 * 1024,
  maxRows: 50_000,
  maxColumns: 64,
  maxCellLength: 500,
};

/** Title rows above the header are common in school rosters ("2025学年学生名单"). */
const HEADER_SEARCH_ROWS = 5;

/**
 * Guesses the format from the first bytes: XLSX is a ZIP file ("PK\x03\x04"), anything else is
 * read as CSV.
 */
export function sniffFormat(bytes: Uint8Array): FileFormat {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04 ? 'xlsx' : 'csv';
}

/**
 * Reads an XLSX or CSV roster into its header row and data rows, every cell as trimmed text.
 * Blank rows are skipped. The header is the first of the top rows that names known columns.
 *
 * @example
 * const table = await readTable(bytes, sniffFormat(bytes));
 * table.rows[0] // { line: 2, cells: ['20250101', '黄子涵', …] }
 */
export async function readTable(bytes: Uint8Array, format: FileFormat): Promise<RawTable> {
  if (bytes.byteLength > importLimits.maxBytes) {
    throw new LimitError(
      {
        zh: `文件太大（${(bytes.byteLength / 1048576).toFixed(1)} MB），上限为 20 MB，请拆分后分批导入`,
        en: `The file is ${(bytes.byteLength / 1048576).toFixed(1)} MB; the limit is 20 MB. Split it and import the parts`,
      },
      { status: 413, code: 'file_too_large' },
    );
  }
  const grid = format === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes);
  return toTable(grid);
}

function toTable(grid: RawRow[]): RawTable {
  const top = grid.slice(0, HEADER_SEARCH_ROWS);
  const header = top.find((row) => knownHeaderCount(row.cells) >= 2) ?? grid[0];
  if (!header) {
    throw new InputError(
      {
        zh: '文件是空的，请使用导入模板填写后再上传',
        en: 'The file is empty. Fill in the import template and upload it again',
      },
      undefined,
      'empty_file',
    );
  }
  const rows = grid.filter((row) => row.line > header.line);
  if (rows.length > importLimits.maxRows) {
    throw new LimitError(
      {
        zh: `文件有 ${rows.length} 行，单次最多导入 ${importLimits.maxRows} 行，请拆分后分批导入`,
        en: `The file has ${rows.length} rows; one import takes at most ${importLimits.maxRows}. Split it`,
      },
      { status: 413, code: 'too_many_rows' },
    );
  }
  return { headerLine: header.line, headers: header.cells, rows };
}

async function readXlsx(bytes: Uint8Array): Promise<RawRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs' types predate generic Buffers; it reads any Node Buffer.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new InputError(
      {
        zh: '无法读取该 Excel 文件，请确认是 .xlsx 格式（旧版 .xls 请先另存为 .xlsx）',
        en: 'The Excel file cannot be read. Save it as .xlsx (old .xls files must be saved as .xlsx first)',
      },
      undefined,
      'unreadable_file',
    );
  }
  const sheet = workbook.worksheets.find((ws) => ws.state !== 'hidden' && ws.actualRowCount > 0);
  if (!sheet) return [];
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const width = Math.min(row.cellCount, importLimits.maxColumns);
    const cells: string[] = [];
    for (let col = 1; col <= width; col++) cells.push(cellText(row.getCell(col).value));
    if (cells.some((cell) => cell !== '')) rows.push({ line, cells });
  });
  return rows;
}

/** Cell values as text: numbers without exponent (phone numbers and student numbers are often typed as numbers). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return clip(value.trim());
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value)
    return clip(
      value.richText
        .map((part) => part.text)
        .join('')
        .trim(),
    );
  if ('hyperlink' in value)
    return clip(
      String(value.text)
        .replace(/^mailto:/, '')
        .trim(),
    );
  if ('error' in value) return '';
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result);
  return '';
}

function clip(text: string): string {
  return text.length > importLimits.maxCellLength ? text.slice(0, importLimits.maxCellLength) : text;
}

/**
 * Excel in a Chinese locale saves "CSV" as GBK unless the user picks "CSV UTF-8"; both are
 * accepted. Bytes that are not valid UTF-8 are decoded as GB18030 (a superset of GBK).
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Uint8Array): RawRow[] {
  const text = decodeText(bytes);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // `info` gives each record's line, which differs from its index when a quoted cell spans lines.
    records = parseCsv(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const where = (error as { lines?: number }).lines;
    throw new InputError(
      {
        zh: `CSV 文件格式有误${where ? `（第 ${where} 行附近）` : ''}，请检查引号是否成对`,
        en: `The CSV file is malformed${where ? ` near line ${where}` : ''}. Check that quotes are paired`,
      },
      where ? { line: where } : undefined,
      'unreadable_file',
    );
  }
  const rows: RawRow[] = [];
  for (const { record, info } of records) {
    // A leading apostrophe is Excel's "keep as text" mark, and our export's formula guard.
    const cells = record
      .slice(0, importLimits.maxColumns)
      .map((cell) => clip(cell.replace(/^'(?=[=+\-@\d])/, '')));
    if (cells.some((cell) => cell !== '')) rows.push({ line: info.lines, cells });
  }
  return rows;
}
