import type { ColumnType, Generated, Selectable } from 'kysely';

export type ImportJobStatus = 'uploaded' | 'validating' | 'validated' | 'importing' | 'done' | 'failed';

/** One uploaded roster and its progress. School-owned. */
export interface PeopleImportJobsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: 'students' | 'staff';
  format: 'xlsx' | 'csv';
  file_name: string;
  file_bytes: Uint8Array | null;
  status: ColumnType<ImportJobStatus, ImportJobStatus | undefined, ImportJobStatus>;
  mode: 'all' | 'valid_only' | null;
  processed: ColumnType<number, number | undefined, number>;
  total: ColumnType<number, number | undefined, number>;
  report: ColumnType<unknown, string | null | undefined, string | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  finished_at: Date | null;
}

/** Roster facts identity does not model (gender), per school. School-owned. */
export interface RosterProfilesTable {
  tenant_id: string;
  person_id: string;
  gender: 'male' | 'female' | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type PeopleImportJob = Selectable<PeopleImportJobsTable>;

export interface PeopleImportTables {
  people_import_jobs: PeopleImportJobsTable;
  roster_profiles: RosterProfilesTable;
}
