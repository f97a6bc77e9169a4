import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { Platform } from '../platform.ts';
import { demoTenantIds } from '../seed/demo.ts';
import { TestBrowser } from '../sso/testing/browser.ts';
import { addPerson, sessionCookie } from '../sso/testing/fixtures.ts';
import { recordCells } from './export.ts';
import type { ImportReport } from './people-import.service.ts';
import { staffRoster, studentRoster } from './testing/roster.ts';

interface Job {
  id: string;
  status: string;
  processed: number;
  total: number;
  report: ImportReport | null;
  error: string | null;
}

async function xlsx(rows: string[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('学生');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('bulk import of a 10,000-row roster over HTTP', () => {
  let db: TestDatabase;
  let platform: Platform;
  let school: string;
  let admin: TestBrowser;
  const header = ['学号', '姓名', '性别', '年级', '班级', '手机号', '家长姓名', '家长手机', '家长关系'];
  const good = studentRoster(10_000).map((r) => recordCells('students', r));

  beforeAll(async () => {
    db = await createTestDatabase();
    platform = await startTestPlatform(db);
    school = (await demoTenantIds(db.owner)).get('school-primary')!;
    const person = await addPerson(db.owner, { name: '韦校管', tenantId: school, grants: ['school_admin'] });
    admin = new TestBrowser(platform.url, await sessionCookie(db.app, person, school));
  });
  afterAll(async () => {
    await platform?.stop();
    await db?.drop();
  });

  async function upload(browser: TestBrowser, bytes: Uint8Array, kind = 'students'): Promise<Response> {
    return fetch(`${platform.url}/api/v1/people-import/jobs?kind=${kind}&fileName=roster.xlsx`, {
      method: 'POST',
      headers: {
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
  }

  /** Polls the job as the portal does, recording the progress it saw. */
  async function settle(id: string, seen: number[] = []): Promise<Job> {
    for (;;) {
      const job = (await (await admin.get(`/api/v1/people-import/jobs/${id}`)).json()) as Job;
      seen.push(job.processed);
      if (!['validating', 'importing'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const counts = () =>
    withTenant(db.owner, school, async (trx) => ({
      students: Number(
        (
          await trx
            .selectFrom('memberships')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('role', '=', 'student')
            .executeTakeFirstOrThrow()
        ).n,
      ),
      links: Number(
        (
          await trx
            .selectFrom('guardianships')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      classes: Number(
        (
          await trx
            .selectFrom('org_units')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('kind', '=', 'class')
            .executeTakeFirstOrThrow()
        ).n,
      ),
    }));

  it('reports bad rows one by one, writes nothing, then imports the fixed file completely and idempotently', async () => {
    // The demo seed has its own people; the import adds to them.
    const base = await counts();
    const plus = (n: { students: number; links: number; classes: number }) => ({
      students: base.students + n.students,
      links: base.links + n.links,
      classes: base.classes + n.classes,
    });
    const broken = good.map((row) => [...row]);
    broken[41]![7] = '139077'; // row 43: short parent phone
    broken[4999]![0] = broken[4998]![0]!; // row 5001: duplicate student number
    broken[8887]![3] = ''; // row 8889: no grade
    const first = await upload(admin, await xlsx([header, ...broken]));
    expect(first.status).toBe(202);
    const seen: number[] = [];
    const dry = await settle(((await first.json()) as Job).id, seen);
    expect(dry.status).toBe('validated');
    expect(dry.report!.errorLines).toEqual([43, 5001, 8889]);
    expect(
      dry.report!.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.column, i.code]),
    ).toEqual([
      [43, '家长手机', 'invalid_phone'],
      [5001, '学号', 'duplicate_in_file'],
      [8889, '年级', 'required'],
    ]);
    expect(dry.report!.created).toBe(9_997);

    // All-or-nothing refuses a file with errors, and writes nothing.
    const refused = await admin.postJson(`/api/v1/people-import/jobs/${dry.id}/commit`, { mode: 'all' });
    expect(refused.status).toBe(202);
    const failed = await settle(dry.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('3 rows have errors');
    expect(await counts()).toEqual(base);

    // The fixed file imports completely.
    const fixedBytes = await xlsx([header, ...good]);
    const second = await settle(((await (await upload(admin, fixedBytes)).json()) as Job).id);
    expect(second.report).toMatchObject({ errorRows: 0, created: 10_000 });
    await admin.postJson(`/api/v1/people-import/jobs/${second.id}/commit`, { mode: 'all' });
    const progress: number[] = [];
    const done = await settle(second.id, progress);
    expect(done.status).toBe('done');
    expect(done.report).toMatchObject({ created: 10_000, updated: 0, unchanged: 0 });
    expect(done.processed).toBe(10_000);
    // 223 classes in the roster, of which the demo school already has 12 (一年级(1)班 … 六年级(2)班).
    expect(await counts()).toEqual(plus({ students: 10_000, links: 10_000, classes: 211 }));

    // The same file again changes nothing.
    const before = await db.owner
      .selectFrom('persons')
      .select((eb) => eb.fn.max('updated_at').as('t'))
      .executeTakeFirstOrThrow();
    const third = await settle(((await (await upload(admin, fixedBytes)).json()) as Job).id);
    expect(third.report).toMatchObject({ created: 0, updated: 0, unchanged: 10_000 });
    await admin.postJson(`/api/v1/people-import/jobs/${third.id}/commit`, { mode: 'all' });
    expect((await settle(third.id)).report).toMatchObject({ created: 0, updated: 0, unchanged: 10_000 });
    expect(await counts()).toEqual(plus({ students: 10_000, links: 10_000, classes: 211 }));
    const after = await db.owner
      .selectFrom('persons')
      .select((eb) => eb.fn.max('updated_at').as('t'))
      .executeTakeFirstOrThrow();
    expect(after.t).toEqual(before.t);

    // Export gives back the file's content.
    const exported = await admin.get('/api/v1/people-import/export?kind=students&format=csv');
    expect(exported.status).toBe(200);
    const lines = (await exported.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    // Demo students without a 学号 are not in a roster export.
    expect(lines.length).toBeGreaterThanOrEqual(10_001);
    // Pupils placed in a class the school already had come back under the school's own name for
    // it (「1班」 of 一年级 is 一年级(1)班); the rest come back exactly as imported.
    const firstPupil = [...good[0]!];
    firstPupil[4] = `${firstPupil[3]}(${Number.parseInt(firstPupil[4]!, 10)})班`;
    expect(lines).toContain(firstPupil.join(','));
    expect(lines).toContain(good[9_999]!.join(','));
  }, 240_000);

  it('imports only the valid rows when asked, and keeps one school out of another’s jobs', async () => {
    const staff = staffRoster(30).map((r) => recordCells('staff', r));
    staff[3]![4] = '12345';
    const staffHeader = ['工号', '姓名', '性别', '部门', '手机号', '邮箱', '角色'];
    const job = await settle(
      ((await (await upload(admin, await xlsx([staffHeader, ...staff]), 'staff')).json()) as Job).id,
    );
    expect(job.report!.errorLines).toEqual([5]);
    await admin.postJson(`/api/v1/people-import/jobs/${job.id}/commit`, { mode: 'valid_only' });
    expect((await settle(job.id)).report).toMatchObject({ created: 29, errorRows: 1 });

    const other = (await demoTenantIds(db.owner)).get('school-middle')!;
    const otherAdmin = await addPerson(db.owner, {
      name: '邕江管理员',
      tenantId: other,
      grants: ['school_admin'],
    });
    const outsider = new TestBrowser(platform.url, await sessionCookie(db.app, otherAdmin, other));
    expect((await outsider.get(`/api/v1/people-import/jobs/${job.id}`)).status).toBe(404);
    const theirExport = await (
      await outsider.get('/api/v1/people-import/export?kind=staff&format=csv')
    ).text();
    expect(theirExport).not.toContain(staff[0]![0]);

    const teacher = await addPerson(db.owner, { name: '普通教师', tenantId: school, role: 'teacher' });
    const plain = new TestBrowser(platform.url, await sessionCookie(db.app, teacher, school));
    expect((await upload(plain, await xlsx([staffHeader, ...staff]), 'staff')).status).toBe(403);
  }, 120_000);

  it('places 「一年级」「1班」 in the school’s existing 一年级(1)班 under its campus, creating no units', async () => {
    const before = await counts();
    const row = ['S99900001', '覃小雨', '女', '一年级', '1班', '', '覃海', '13907712345', '父亲'];
    const job = await settle(((await (await upload(admin, await xlsx([header, row]))).json()) as Job).id);
    expect(job.report).toMatchObject({ errorRows: 0, created: 1 });
    await admin.postJson(`/api/v1/people-import/jobs/${job.id}/commit`, { mode: 'all' });
    expect((await settle(job.id)).status).toBe('done');
    expect((await counts()).classes).toBe(before.classes);
    const placed = await withTenant(db.owner, school, (trx) =>
      trx
        .selectFrom('memberships as m')
        .innerJoin('org_units as u', 'u.id', 'm.org_unit_id')
        .select(['u.name'])
        .where('m.number', '=', 'S99900001')
        .executeTakeFirst(),
    );
    expect(placed?.name).toBe('一年级(1)班');
  }, 60_000);
});
