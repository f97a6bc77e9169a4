import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import type { Platform } from '../platform.ts';
import { TestBrowser } from './test-client.ts';

type Me = {
  person: { id: string; displayName: string; locale: string };
  activeTenant: { id: string; name: string };
  tenants: Array<{ tenantId: string; name: string; roles: string[] }>;
  children: Array<{ personId: string; displayName: string; tenantId: string; relation: string }>;
  permissions: string[];
};

describe('a person across schools, and profile edits, over real HTTP against PostgreSQL', () => {
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

  it('shows 陈静 both schools and a child in each, and switching school keeps both children', async () => {
    const parent = browser();
    await parent.login('13907719001');
    const me = (await parent.get('/api/v1/me')).json as Me;
    expect(me.person.displayName).toBe('陈静');
    expect(me.tenants.map((t) => t.name).sort()).toEqual(
      expect.arrayContaining([expect.stringContaining('凤岭'), expect.stringContaining('邕江')]),
    );
    expect(me.tenants).toHaveLength(2);
    for (const t of me.tenants) expect(t.roles).toEqual(['parent']);
    expect(me.children).toHaveLength(2);
    expect(new Set(me.children.map((c) => c.tenantId))).toEqual(new Set(me.tenants.map((t) => t.tenantId)));
    expect(me.permissions).toEqual(['children:read']);

    const other = me.tenants.find((t) => t.tenantId !== me.activeTenant.id) as { tenantId: string };
    expect((await parent.post('/api/v1/me/active-tenant', { tenantId: other.tenantId })).status).toBe(200);
    const switched = (await parent.get('/api/v1/me')).json as Me;
    expect(switched.activeTenant.id).toBe(other.tenantId);
    expect(switched.children.map((c) => c.personId).sort()).toEqual(
      me.children.map((c) => c.personId).sort(),
    );
    // A parent reads their children, not the school's people.
    expect((await parent.get('/api/v1/people')).status).toBe(403);
  });

  it('lets a person change their own name and language, and nothing else', async () => {
    const teacher = browser();
    await teacher.login('linmeiling');
    const saved = await teacher.request('PATCH', '/api/v1/me/profile', {
      displayName: '林美玲老师',
      locale: 'en',
    });
    expect(saved.status).toBe(200);
    const me = (await teacher.get('/api/v1/me')).json as Me;
    expect(me.person.displayName).toBe('林美玲老师');
    expect(me.person.locale).toBe('en');
    expect((await teacher.request('PATCH', '/api/v1/me/profile', {})).status).toBe(400);
    const phone = await teacher.request('PATCH', '/api/v1/me/profile', { phone: '13900000000' });
    expect(phone.status).toBe(400);
    expect((await teacher.request('PATCH', '/api/v1/me/profile', { locale: 'fr' })).status).toBe(400);
  });

  it('lets a school admin correct identifiers of people of their school only', async () => {
    const admin = browser();
    await admin.login('admin.fenglin');
    const students = (await admin.get('/api/v1/people?role=student&limit=2')).json.people as Array<{
      personId: string;
    }>;
    const [student, second] = students.map((s) => s.personId) as [string, string];
    const saved = await admin.request('PATCH', `/api/v1/people/${student}`, {
      displayName: '李明轩',
      username: 'limingxuan.fl',
      phone: '139 0771 8888',
      number: { role: 'student', value: 'FL2025X01' },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.changed).toEqual(
      expect.arrayContaining(['display_name', 'username', 'phone', 'number']),
    );
    const after = (await admin.get('/api/v1/people?q=FL2025X01')).json.people as Array<{
      personId: string;
      displayName: string;
      username: string;
      phone: string;
    }>;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      personId: student,
      displayName: '李明轩',
      username: 'limingxuan.fl',
      phone: '13907718888',
    });

    // Taken identifiers are a conflict, not a silent merge.
    const taken = await admin.request('PATCH', `/api/v1/people/${second}`, { username: 'limingxuan.fl' });
    expect(taken.status).toBe(409);
    expect(
      (await admin.request('PATCH', `/api/v1/people/${second}`, { nationalId: '450103201001011234' })).status,
    ).toBe(400);

    // 陈静 also belongs to 邕江初级中学: her sign-in details are not this school's to change.
    const parent = browser();
    await parent.login('13907719001');
    const chen = ((await parent.get('/api/v1/me')).json as Me).person.id;
    const shared = await admin.request('PATCH', `/api/v1/people/${chen}`, { phone: '13907710000' });
    expect(shared.status).toBe(403);
    expect((shared.json.error as { code: string }).code).toBe('person_in_other_tenants');
    expect((await parent.post('/api/v1/auth/logout')).status).toBe(200);
    await parent.login('13907719001');

    // Another school's admin does not even see the student; an IT admin may not write people.
    const otherAdmin = browser();
    await otherAdmin.login('admin.yongjiang');
    expect(
      (await otherAdmin.request('PATCH', `/api/v1/people/${student}`, { displayName: '张三' })).status,
    ).toBe(404);
    const it = browser();
    await it.login('it.fenglin');
    expect((await it.request('PATCH', `/api/v1/people/${student}`, { displayName: '张三' })).status).toBe(
      403,
    );

    const denied = (await admin.get('/api/v1/audit?action=people.update&result=denied')).json
      .entries as Array<{
      details: { reason?: string };
    }>;
    expect(denied.map((e) => e.details.reason)).toContain('person_in_other_tenants');
  });
});
