import { parse } from 'csv-parse/sync';
import { InputError } from '@campusbase/plugin-sdk/errors';
import { isUuid } from '../uuid.ts';

/** One row of a bulk registration file: `name,profile,serial,group,location,org_unit_id`. */
export interface DeviceCsvRow {
  line: number;
  name: string;
  profile: string;
  serial: string | null;
  group: string | null;
  location: string | null;
  orgUnitId: string | null;
}

const REQUIRED = ['name', 'profile'] as const;
export const MAX_CSV_ROWS = 5000;

/**
 * Parses a bulk registration CSV (UTF-8, with or without BOM; header row required). Every problem
 * is reported with its line number, so the admin fixes the file once.
 *
 * @example
 * parseDeviceCsv('name,profile,serial\n东门闸机,gate,SN-001\n');
 */
export function parseDeviceCsv(text: string): DeviceCsvRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new InputError({
      zh: `CSV 文件无法解析：${(error as Error).message}`,
      en: `The CSV file cannot be parsed: ${(error as Error).message}`,
    });
  }
  if (records.length > MAX_CSV_ROWS) {
    throw new InputError({
      zh: `一次最多导入 ${MAX_CSV_ROWS} 台设备，文件中有 ${records.length} 台，请拆分后分批导入`,
      en: `At most ${MAX_CSV_ROWS} devices per import; the file has ${records.length}. Split it.`,
    });
  }
  const problems: string[] = [];
  const rows = records.map((record, index) => {
    const line = index + 2;
    for (const column of REQUIRED) if (!record[column]) problems.push(`line ${line}: ${column} is empty`);
    const orgUnitId = record.org_unit_id || null;
    if (orgUnitId && !isUuid(orgUnitId)) problems.push(`line ${line}: org_unit_id is not a UUID`);
    return {
      line,
      name: record.name ?? '',
      profile: record.profile ?? '',
      serial: record.serial || null,
      group: record.group || null,
      location: record.location || null,
      orgUnitId,
    };
  });
  if (problems.length > 0) {
    throw new InputError(
      {
        zh: `CSV 文件有 ${problems.length} 处问题，请修改后重新导入：${problems.slice(0, 10).join('；')}`,
        en: `The CSV file has ${problems.length} problems; fix them and import again: ${problems.slice(0, 10).join('; ')}`,
      },
      { problems },
    );
  }
  return rows;
}
