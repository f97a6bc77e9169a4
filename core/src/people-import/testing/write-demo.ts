import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeTable } from '../export.ts';
import { staffRoster, studentRoster } from './roster.ts';

/** Writes the demo rosters in docs/examples for the import wizard: `node core/src/people-import/testing/write-demo.ts`. */
const dir = resolve(import.meta.dirname, '../../../../docs/examples');
const students = studentRoster(36, 2025).map((r, i) => (i === 3 ? { ...r, phone: null, guardian: null } : r));
await writeFile(
  resolve(dir, 'students-demo.xlsx'),
  await writeTable('xlsx', { kind: 'students', records: students }),
);
await writeFile(
  resolve(dir, 'students-demo.csv'),
  await writeTable('csv', { kind: 'students', records: students }),
);
await writeFile(
  resolve(dir, 'staff-demo.xlsx'),
  await writeTable('xlsx', { kind: 'staff', records: staffRoster(12, 2025) }),
);
