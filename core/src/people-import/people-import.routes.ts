import { ConflictError, InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { auditContext } from '../audit/audit.service.ts';
import { requirePermission } from '../auth/principal.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ErrorSchema } from '../http/openapi.ts';
import type { AppEnv } from '../http/types.ts';
import { guessKind, importKinds } from './columns.ts';
import { exportRoster } from './export-roster.ts';
import { writeTemplate } from './export.ts';
import { importLimits, readTable, sniffFormat } from './parse.ts';
import type { PeopleImportJob } from './people-import.table.ts';
import { commitImport, dryRun, updateJob } from './people-import.service.ts';
import { requestLogger } from '../http/kernel.ts';

const tags = ['People import'];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const err = (description: string) => json(ErrorSchema, description);
const file = (description: string) => ({
  content: {
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
      schema: z.string().openapi({ format: 'binary' }),
    },
    'text/csv': { schema: z.string() },
  },
  description,
});

const IssueSchema = z.object({
  line: z.number().int(),
  column: z.string(),
  value: z.string(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
});
const ReportSchema = z
  .object({
    totalRows: z.number().int(),
    validRows: z.number().int(),
    errorRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errorLines: z.array(z.number().int()),
    issues: z.array(IssueSchema),
    issuesTruncated: z.boolean(),
  })
  .openapi('ImportReport');
const JobSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['students', 'staff']),
    format: z.enum(['xlsx', 'csv']),
    fileName: z.string(),
    status: z.enum(['uploaded', 'validating', 'validated', 'importing', 'done', 'failed']),
    mode: z.enum(['all', 'valid_only']).nullable(),
    processed: z.number().int(),
    total: z.number().int(),
    report: ReportSchema.nullable().openapi({
      description: 'The dry-run report (status validated) or the import result (done)',
    }),
    error: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ImportJob');
const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const kindQuery = z
  .enum(['students', 'staff'])
  .openapi({ description: 'students (学生与家长) or staff (教职工)' });

const upload = createRoute({
  method: 'post',
  path: '/api/v1/people-import/jobs',
  tags,
  summary: 'Upload a roster (XLSX or CSV) and start its dry run',
  description:
    'Send the file as multipart/form-data (field `file`) or as the raw request body. The dry run starts at once; poll the job for progress and the report.',
  request: {
    query: z.object({ kind: kindQuery.optional(), fileName: z.string().max(255).optional() }),
    body: {
      content: {
        'multipart/form-data': {
          schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
        },
        'application/octet-stream': { schema: z.any().openapi({ type: 'string', format: 'binary' }) },
      },
    },
  },
  responses: {
    202: json(JobSchema, 'Dry run started'),
    400: err('Not a roster'),
    413: err('Too large'),
    401: err('Not logged in'),
    403: err('Needs people:write'),
  },
});
const getJob = createRoute({
  method: 'get',
  path: '/api/v1/people-import/jobs/{id}',
  tags,
  summary: 'Progress and report of an import job (poll this)',
  request: { params: idParam },
  responses: { 200: json(JobSchema, 'The job'), 404: err('No such job') },
});
const commit = createRoute({
  method: 'post',
  path: '/api/v1/people-import/jobs/{id}/commit',
  tags,
  summary: 'Import after the dry run: all rows in one transaction, or only the valid rows',
  request: {
    params: idParam,
    body: {
      content: {
        'application/json': { schema: z.object({ mode: z.enum(['all', 'valid_only']).default('all') }) },
      },
    },
  },
  responses: {
    202: json(JobSchema, 'Import started'),
    409: err('Not validated yet, or the file has errors and mode is all'),
    404: err('No such job'),
  },
});
const exportRoute = createRoute({
  method: 'get',
  path: '/api/v1/people-import/export',
  tags,
  summary: 'Export the school’s students or staff in the import format',
  request: { query: z.object({ kind: kindQuery, format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
  responses: { 200: file('The roster'), 403: err('Needs people:read:contact') },
});
const template = createRoute({
  method: 'get',
  path: '/api/v1/people-import/template',
  tags,
  summary: 'An empty roster with the header row and one example row',
  request: { query: z.object({ kind: kindQuery, format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
  responses: { 200: file('The template') },
});

const toJob = (job: PeopleImportJob) => ({
  id: job.id,
  kind: job.kind,
  format: job.format,
  fileName: job.file_name,
  status: job.status,
  mode: job.mode,
  processed: job.processed,
  total: job.total,
  report: (job.report ?? null) as z.infer<typeof ReportSchema> | null,
  error: job.error,
  createdAt: job.created_at.toISOString(),
});

const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

function download(c: Context<AppEnv>, bytes: Uint8Array, name: string, format: 'xlsx' | 'csv') {
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': MIME[format],
    'Content-Disposition': `attachment; filename="${format}"; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`,
    'Cache-Control': 'no-store',
  });
}

/**
 * Bulk import and export of people. Work runs in the background of the request that starts it;
 * the job row carries progress, so the portal polls it (or any node answers the poll).
 */
export function peopleImportRoutes(app: OpenAPIHono<AppEnv>, db: Kysely<Database>): void {
  const findJob = (tenantId: string, id: string) =>
    withTenant(db, tenantId, (trx) =>
      trx
        .selectFrom('people_import_jobs')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst(),
    );

  function background(c: Context<AppEnv>, job: PeopleImportJob, work: () => Promise<void>) {
    const logger = requestLogger(c);
    void work().catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ err: error, job: job.id }, 'people import failed');
      await updateJob(db, job, {
        status: 'failed',
        error: message.slice(0, 2000),
        finished_at: new Date(),
        updated_at: new Date(),
      }).catch(() => undefined);
    });
  }

  app.use(
    '/api/v1/people-import/jobs',
    bodyLimit({
      maxSize: importLimits.maxBytes + 64 * 1024,
      onError: () => {
        throw new InputError(
          { zh: '文件超过 20 MB，请拆分后分批导入', en: 'The file is over 20 MB; split it' },
          undefined,
          'file_too_large',
        );
      },
    }),
  );

  app.openapi(upload, async (c) => {
    const me = await requirePermission(c, 'people:write');
    await requirePermission(c, 'org:write');
    const query = c.req.valid('query');
    let bytes: Uint8Array;
    let fileName = query.fileName ?? 'roster';
    if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      const form = await c.req.parseBody();
      const part = form.file;
      if (!(part instanceof File))
        throw new InputError({
          zh: '请在表单字段 file 中上传文件',
          en: 'Upload the roster in the form field "file"',
        });
      bytes = new Uint8Array(await part.arrayBuffer());
      fileName = part.name || fileName;
    } else {
      bytes = new Uint8Array(await c.req.arrayBuffer());
    }
    if (bytes.byteLength === 0)
      throw new InputError({ zh: '文件是空的', en: 'The file is empty' }, undefined, 'empty_file');
    const format = sniffFormat(bytes);
    const kind = query.kind ?? guessKind((await readTable(bytes, format)).headers);
    const job = await withTenant(db, me.activeTenantId, (trx) =>
      trx
        .insertInto('people_import_jobs')
        .values({
          tenant_id: me.activeTenantId,
          kind,
          format,
          file_name: fileName.slice(0, 255),
          file_bytes: bytes,
          status: 'validating',
          created_by: me.personId,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    background(c, job, async () => {
      const result = await dryRun(db, job);
      await updateJob(db, job, {
        status: 'validated',
        report: JSON.stringify(result),
        processed: result.totalRows,
        total: result.totalRows,
        updated_at: new Date(),
      });
    });
    return c.json(toJob(job), 202);
  });

  app.openapi(getJob, async (c) => {
    const me = await requirePermission(c, 'people:write');
    const job = await findJob(me.activeTenantId, c.req.valid('param').id);
    if (!job) throw new NotFoundError({ zh: '导入任务不存在', en: 'No such import job in this school' });
    return c.json(toJob(job), 200);
  });

  app.openapi(commit, async (c) => {
    const me = await requirePermission(c, 'people:write');
    await requirePermission(c, 'org:write');
    const { id } = c.req.valid('param');
    const { mode } = c.req.valid('json');
    // Claim the job atomically, so two clicks cannot import twice.
    const job = await withTenant(db, me.activeTenantId, (trx) =>
      trx
        .updateTable('people_import_jobs')
        .set({ status: 'importing', mode, processed: 0, updated_at: new Date() })
        .where('tenant_id', '=', me.activeTenantId)
        .where('id', '=', id)
        .where('status', '=', 'validated')
        .returningAll()
        .executeTakeFirst(),
    );
    if (!job) {
      const current = await findJob(me.activeTenantId, id);
      if (!current)
        throw new NotFoundError({ zh: '导入任务不存在', en: 'No such import job in this school' });
      throw new ConflictError(
        {
          zh: `该任务当前状态为 ${current.status}，只能在预检完成后导入一次`,
          en: `The job is ${current.status}; it can be imported once, after its dry run`,
        },
        { status: current.status },
        'job_not_ready',
      );
    }
    const actor = { personId: me.personId, ...auditContext(c) };
    background(c, job, async () => {
      const result = await commitImport(db, job, mode, actor);
      await updateJob(db, job, {
        status: 'done',
        report: JSON.stringify(result),
        file_bytes: null,
        finished_at: new Date(),
        updated_at: new Date(),
      });
    });
    return c.json(toJob(job), 202);
  });

  app.openapi(exportRoute, async (c) => {
    const me = await requirePermission(c, 'people:read:contact');
    const { kind, format } = c.req.valid('query');
    const bytes = await exportRoster(db, me.activeTenantId, kind, format, me.personId, auditContext(c));
    return download(c, bytes, kind === 'students' ? '学生名单' : '教职工名单', format);
  });

  app.openapi(template, async (c) => {
    await requirePermission(c, 'people:write');
    const { kind, format } = c.req.valid('query');
    if (!importKinds.includes(kind))
      throw new InputError({ zh: '未知的名单类型', en: 'Unknown roster kind' });
    return download(
      c,
      await writeTemplate(format, kind),
      kind === 'students' ? '学生导入模板' : '教职工导入模板',
      format,
    );
  });
}
