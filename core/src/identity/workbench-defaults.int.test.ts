import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import type { Platform } from '../platform.ts';
import { TestBrowser } from './test-client.ts';

const teacherLayout = {
  order: ['messages', 'todos', 'apps', 'links', 'alarms'],
  hidden: ['alarms'],
  links: [{ title: '教务系统', url: 'https://jw.fenglin.example.edu.cn' }],
};
const adminLayout = { order: ['alarms', 'apps', 'todos', 'messages', 'links'], hidden: [], links: [] };

describe('the school admin’s default workbench layout per role', () => {
  let db: TestDatabase;
  let platform: Platform;
  const browser = () => new TestBrowser(platform.url.replace('localhost', '127.0.0.1'));

  beforeAll(async () => {
    db = await createTestDatabase();
    platform = await startTestPlatform(db);
  });
  afterAll(async () => {
    await platform?.stop();
    await db?.drop();
  });

  it('lets a school admin set defaults per role, audited, and a teacher gets the teacher default', async () => {
    const admin = browser();
    await admin.login('admin.fenglin');
    const saved = await admin.request('PUT', '/api/v1/workbench/defaults', {
      defaults: { teacher: teacherLayout, school_admin: adminLayout },
    });
    expect(saved.status).toBe(200);
    expect((await admin.get('/api/v1/workbench/defaults')).json).toEqual({
      defaults: { teacher: teacherLayout, school_admin: adminLayout },
    });
    expect((await admin.get('/api/v1/workbench/default')).json).toEqual({
      role: 'school_admin',
      layout: adminLayout,
    });

    const teacher = browser();
    await teacher.login('linmeiling');
    expect((await teacher.get('/api/v1/workbench/default')).json).toEqual({
      role: 'teacher',
      layout: teacherLayout,
    });

    const audit = await db.owner
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'workbench.defaults.update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ roles: ['teacher', 'school_admin'] });
  });

  it('refuses a teacher’s PUT and the admin list', async () => {
    const teacher = browser();
    await teacher.login('linmeiling');
    const put = await teacher.request('PUT', '/api/v1/workbench/defaults', {
      defaults: { teacher: adminLayout },
    });
    expect(put.status).toBe(403);
    expect((await teacher.get('/api/v1/workbench/defaults')).status).toBe(403);
    expect((await teacher.get('/api/v1/workbench/default')).json).toMatchObject({ layout: teacherLayout });
  });

  it('keeps school A’s admin out of school B’s defaults', async () => {
    const adminA = browser();
    await adminA.login('admin.fenglin');
    const me = (await adminA.get('/api/v1/me')).json as { activeTenant: { id: string } };
    const schoolB = await db.owner
      .selectFrom('tenants')
      .select('id')
      .where('kind', '=', 'school')
      .where('id', '!=', me.activeTenant.id)
      .where('name', 'like', '%邕江%')
      .executeTakeFirstOrThrow();
    // The school comes from the session, never from the request: naming B is refused…
    const named = await adminA.request('PUT', '/api/v1/workbench/defaults', {
      tenantId: schoolB.id,
      defaults: { teacher: adminLayout },
    });
    expect(named.status).toBe(400);
    // …and so is acting in B.
    expect((await adminA.post('/api/v1/me/active-tenant', { tenantId: schoolB.id })).status).toBe(403);

    const adminB = browser();
    await adminB.login('admin.yongjiang');
    expect((await adminB.get('/api/v1/workbench/defaults')).json).toEqual({ defaults: {} });
    const teacherB = browser();
    await teacherB.login('zhangxiaoyan');
    expect((await teacherB.get('/api/v1/workbench/default')).json).toEqual({ role: null, layout: null });
    const rowsB = await db.owner
      .selectFrom('tenant_settings')
      .select('key')
      .where('tenant_id', '=', schoolB.id)
      .where('key', '=', 'workbench.defaults')
      .execute();
    expect(rowsB).toHaveLength(0);
  });

  it('refuses unsafe quick links and unknown fields', async () => {
    const admin = browser();
    await admin.login('admin.fenglin');
    for (const links of [
      [{ title: 'x', url: 'javascript:alert(1)' }],
      [{ title: 'x', url: '//evil.example.com' }],
      [{ title: 'x', url: 'http://evil.example.com' }],
    ]) {
      const res = await admin.request('PUT', '/api/v1/workbench/defaults', {
        defaults: { teacher: { ...teacherLayout, links } },
      });
      expect(res.status).toBe(400);
    }
    const bad = await admin.request('PUT', '/api/v1/workbench/defaults', {
      defaults: { 'Teacher!': teacherLayout },
    });
    expect(bad.status).toBe(400);
  });
});
