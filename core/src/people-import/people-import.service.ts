import { ConflictError } from '@campusbase/plugin-sdk/errors';
import type { Kysely, Updateable } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { columnsOf, type ImportKind, matchHeaders } from './columns.ts';
import { type FileFormat, readTable } from './parse.ts';
import type { PeopleImportJob, PeopleImportJobsTable } from './people-import.table.ts';
import { RosterPlanner, type RowOutcome } from './roster-plan.ts';
import { RosterSink } from './roster-sink.ts';
import { loadRosterState } from './roster-state.ts';
import { type RowIssue, type StaffRecord, type StudentRecord, validateTable } from './validate.ts';

/** What the admin sees after a dry run or an import. */
export interface ImportReport {
  totalRows: number;
  validRows: number;
  errorRows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorLines: number[];
  issues: RowIssue[];
  /** More issues than are kept; fix these and run again. */
  issuesTruncated: boolean;
}

const MAX_ISSUES = 5000;
const FLUSH_EVERY = 500;

type Progress = (done: number, total: number) => Promise<void>;

async function updateJob(
  db: Kysely<Database>,
  job: Pick<PeopleImportJob, 'tenant_id' | 'id'>,
  patch: Updateable<PeopleImportJobsTable>,
) {
  await withTenant(db, job.tenant_id, (trx) =>
    trx
      .updateTable('people_import_jobs')
      .set(patch)
      .where('tenant_id', '=', job.tenant_id)
      .where('id', '=', job.id)
      .execute(),
  );
}

/** Progress is written on its own connection, so the portal sees it while the import's transaction is still open. */
function progressWriter(db: Kysely<Database>, job: Pick<PeopleImportJob, 'tenant_id' | 'id'>): Progress {
  let last = 0;
  return async (done, total) => {
    if (done !== total && done - last < FLUSH_EVERY) return;
    last = done;
    await updateJob(db, job, { processed: done, total, updated_at: new Date() });
  };
}

function headersFor(kind: ImportKind, headers: string[]): Record<string, string> {
  const match = matchHeaders(kind, headers);
  return Object.fromEntries(
    columnsOf(kind).map((spec) => {
      const index = match.positions.get(spec.key);
      return [spec.key, index === undefined ? spec.header : headers[index]!];
    }),
  );
}

interface PlanRun {
  counts: Record<RowOutcome, number>;
  issues: RowIssue[];
}

async function planRows(
  planner: RosterPlanner,
  kind: ImportKind,
  records: Array<StudentRecord | StaffRecord>,
  headers: Record<string, string>,
  step: (done: number) => Promise<void>,
  onFailure: (issues: RowIssue[]) => void,
): Promise<PlanRun> {
  const counts: Record<RowOutcome, number> = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const issues: RowIssue[] = [];
  for (let i = 0; i < records.length; i++) {
    const result =
      kind === 'students'
        ? await planner.student(records[i] as StudentRecord, headers)
        : await planner.staff(records[i] as StaffRecord, headers);
    counts[result.outcome]++;
    if (result.outcome === 'failed') onFailure(result.issues);
    issues.push(...result.issues);
    await step(i + 1);
  }
  return { counts, issues };
}

function report(totalRows: number, issues: RowIssue[], counts: Record<RowOutcome, number>): ImportReport {
  const errorLines = [...new Set(issues.filter((i) => i.severity === 'error').map((i) => i.line))].sort(
    (a, b) => a - b,
  );
  issues.sort((a, b) => a.line - b.line);
  return {
    totalRows,
    validRows: totalRows - errorLines.length,
    errorRows: errorLines.length,
    created: counts.created,
    updated: counts.updated,
    unchanged: counts.unchanged,
    errorLines,
    issues: issues.slice(0, MAX_ISSUES),
    issuesTruncated: issues.length > MAX_ISSUES,
  };
}

async function readJob(bytes: Uint8Array, format: FileFormat, kind: ImportKind, progress?: Progress) {
  const table = await readTable(bytes, format);
  const validation = await validateTable(kind, table, (done, total) => void progress?.(done, total * 2));
  return { table, validation, headers: headersFor(kind, table.headers) };
}

/**
 * The dry run: every cell checked, then every valid row planned against what the school already
 * has (without writing), so the report says which rows would be created, updated or left alone,
 * and which fail and why.
 */
export async function dryRun(db: Kysely<Database>, job: PeopleImportJob): Promise<ImportReport> {
  const progress = progressWriter(db, job);
  const { table, validation, headers } = await readJob(job.file_bytes!, job.format, job.kind, progress);
  const records = validation.valid.records as Array<StudentRecord | StaffRecord>;
  const total = table.rows.length;
  const planned = await withTenant(db, job.tenant_id, async (trx) => {
    const state = await loadRosterState(trx, job.tenant_id, identifiersOf(records));
    const planner = new RosterPlanner(state, new RosterSink(job.tenant_id, null));
    return planRows(
      planner,
      job.kind,
      records,
      headers,
      (done) => progress(total + done, total * 2),
      () => undefined,
    );
  });
  await progress(total * 2, total * 2);
  return report(total, [...validation.issues, ...planned.issues], planned.counts);
}

function identifiersOf(records: Array<StudentRecord | StaffRecord>): { phones: string[]; emails: string[] } {
  const phones = new Set<string>();
  const emails = new Set<string>();
  for (const r of records) {
    if (r.phone) phones.add(r.phone);
    if ('guardian' in r && r.guardian) phones.add(r.guardian.phone);
    if ('email' in r && r.email) emails.add(r.email);
  }
  return { phones: [...phones], emails: [...emails] };
}

/**
 * The import, in one tenant transaction: all rows or none (`all`), or only the rows without errors
 * (`valid_only`). Rows are re-planned inside the transaction, so a change made since the dry run
 * cannot slip through; an unchanged row writes nothing, so importing a file twice is a no-op.
 */
export async function commitImport(
  db: Kysely<Database>,
  job: PeopleImportJob,
  mode: 'all' | 'valid_only',
  actor: { personId: string; ip: string | null; userAgent: string | null },
): Promise<ImportReport> {
  const progress = progressWriter(db, job);
  const { table, validation, headers } = await readJob(job.file_bytes!, job.format, job.kind);
  const total = table.rows.length;
  if (mode === 'all' && validation.errorLines.length > 0) {
    throw new ConflictError(
      {
        zh: `文件有 ${validation.errorLines.length} 行错误，未导入任何数据。请修正后重新上传，或选择“仅导入无误的行”`,
        en: `${validation.errorLines.length} rows have errors; nothing was imported. Fix them, or choose to import only the valid rows`,
      },
      { errorLines: validation.errorLines.slice(0, 100) },
      'import_has_errors',
    );
  }
  const records = validation.valid.records as Array<StudentRecord | StaffRecord>;
  return withTenant(db, job.tenant_id, async (trx) => {
    const state = await loadRosterState(trx, job.tenant_id, identifiersOf(records));
    const sink = new RosterSink(job.tenant_id, trx);
    const planner = new RosterPlanner(state, sink);
    const planned = await planRows(
      planner,
      job.kind,
      records,
      headers,
      async (done) => {
        if (done % FLUSH_EVERY === 0) await sink.flush();
        await progress(done, records.length);
      },
      (issues) => {
        if (mode === 'all') {
          throw new ConflictError(
            {
              zh: `第 ${issues[0]?.line} 行无法导入：${issues[0]?.message.zh}；未导入任何数据`,
              en: `Row ${issues[0]?.line} cannot be imported: ${issues[0]?.message.en}. Nothing was imported`,
            },
            { issues },
            'import_has_errors',
          );
        }
      },
    );
    await sink.flush();
    // Changed memberships change what people may do: their cached authorisation must expire.
    const touched = [...sink.touched];
    for (let i = 0; i < touched.length; i += 5000) {
      await trx
        .updateTable('persons')
        .set((eb) => ({ authz_version: eb('authz_version', '+', 1) }))
        .where('id', 'in', touched.slice(i, i + 5000))
        .execute();
    }
    const result = report(total, [...validation.issues, ...planned.issues], planned.counts);
    await appendAudit(trx, {
      tenantId: job.tenant_id,
      actorPersonId: actor.personId,
      action: 'people.import',
      targetType: 'people_import_job',
      targetId: job.id,
      result: 'success',
      ip: actor.ip,
      userAgent: actor.userAgent,
      details: {
        kind: job.kind,
        file: job.file_name,
        mode,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        skippedRows: result.errorRows,
      },
    });
    return result;
  });
}

export { updateJob };
