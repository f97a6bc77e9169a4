import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import type { Platform } from '../platform.ts';
import { TestBrowser } from './test-client.ts';

describe('identity break-in attempts, over real HTTP against PostgreSQL', () => {
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

  it('refuses a session cookie used after logout', async () => {
    const b = browser();
    await b.login('admin.fenglin');
    const stolen = b.cookie;
    expect((await b.get('/api/v1/me')).status).toBe(200);
    expect((await b.post('/api/v1/auth/logout')).status).toBe(200);
    const replay = new TestBrowser(b.base);
    replay.cookie = stolen;
    const res = await replay.get('/api/v1/me');
    expect(res.status).toBe(401);
  });

  it('never authenticates a session id fixed before login', async () => {
    const attacker = browser();
    await attacker.login('linmeiling');
    const planted = attacker.cookie as string;
    // The victim's browser carries the attacker's token (planted), then the victim logs in.
    const victim = browser();
    victim.cookie = planted;
    await victim.login('admin.fenglin');
    expect(victim.cookie).not.toBe(planted);
    // The planted token was ended by the login and is worth nothing to the attacker now.
    const again = new TestBrowser(victim.base);
    again.cookie = planted;
    expect((await again.get('/api/v1/me')).status).toBe(401);
    // A made-up token is never adopted either.
    const forged = browser();
    forged.cookie = `cb_session=${'a'.repeat(24)}.${'b'.repeat(43)}`;
    expect((await forged.get('/api/v1/me')).status).toBe(401);
    const me = await victim.get('/api/v1/me');
    expect((me.json.person as { displayName: string }).displayName).toBe('梁秀英');
  });

  it('stops a teacher granting themselves school admin', async () => {
    const teacher = browser();
    await teacher.login('linmeiling');
    const me = await teacher.get('/api/v1/me');
    const personId = (me.json.person as { id: string }).id;
    const res = await teacher.post('/api/v1/role-grants', {
      personId,
      role: 'school_admin',
      orgUnitId: null,
    });
    expect(res.status).toBe(403);
    const after = await teacher.get('/api/v1/me');
    expect(after.json.permissions).not.toContain('people:write');
    // A custom role bundling admin permissions is refused too.
    const custom = await teacher.request('PUT', '/api/v1/roles/custom/sneaky', {
      name: '后门',
      permissions: ['people:write'],
    });
    expect(custom.status).toBe(403);
  });

  it("keeps school A's admin from reading or changing school B's people", async () => {
    const adminB = browser();
    await adminB.login('admin.yongjiang');
    const bPeople = (await adminB.get('/api/v1/people?role=student&limit=1')).json.people as Array<{
      personId: string;
    }>;
    const bStudent = bPeople[0]?.personId as string;
    expect(bStudent).toBeDefined();

    const adminA = browser();
    await adminA.login('admin.fenglin');
    const list = (await adminA.get('/api/v1/people?limit=500')).json.people as Array<{ personId: string }>;
    expect(list.length).toBeGreaterThan(0);
    expect(list.map((p) => p.personId)).not.toContain(bStudent);
    expect((await adminA.post(`/api/v1/people/${bStudent}/disable`)).status).toBe(404);
    expect((await adminA.get(`/api/v1/people/${bStudent}/sessions`)).status).toBe(404);
    expect((await adminA.post('/api/v1/role-grants', { personId: bStudent, role: 'teacher' })).status).toBe(
      404,
    );
    // Switching into school B is refused: admin A holds nothing there.
    const schools = (await adminB.get('/api/v1/me')).json.activeTenant as { id: string };
    expect((await adminA.post('/api/v1/me/active-tenant', { tenantId: schools.id })).status).toBe(403);
    const still = await adminB.get('/api/v1/people?role=student&limit=500');
    expect(
      (still.json.people as Array<{ personId: string; status: string }>).find((p) => p.personId === bStudent)
        ?.status,
    ).toBe('active');
  });

  it('locks an account after repeated wrong passwords, even for the right one', async () => {
    const b = browser();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await b.post('/api/v1/auth/login', { login: 'hejianhua', password: `wrong-${i}` })).status,
      );
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(429);
    const right = await b.post('/api/v1/auth/login', { login: 'hejianhua', password: 'Campus@2026' });
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(b.cookie).toBeNull();
  });

  it('locks SMS code guessing and answers the same for unknown numbers', async () => {
    const b = browser();
    const known = await b.post('/api/v1/auth/sms/send', { phone: '13907719001' });
    const unknown = await b.post('/api/v1/auth/sms/send', { phone: '13907719999' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.json).toEqual(known.json);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await b.post('/api/v1/auth/sms/login', { phone: '13907719001', code: String(100000 + i) })).status,
      );
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(429);
    expect(statuses[5]).toBe(429);
  });

  it('refuses a cross-site POST without a matching origin', async () => {
    const b = browser();
    await b.login('admin.fenglin');
    const evil = await b.post(
      '/api/v1/org/units',
      { kind: 'class', name: '伪造班级' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(evil.status).toBe(403);
    expect((evil.json.error as { code: string }).code).toBe('cross_site_request');
    const noFetchMeta = await b.request(
      'POST',
      '/api/v1/auth/logout',
      {},
      { origin: 'https://evil.example', 'sec-fetch-site': '' },
    );
    expect(noFetchMeta.status).toBe(403);
    const sameSite = await b.post(
      '/api/v1/org/units',
      { kind: 'class', name: '伪造班级' },
      { 'sec-fetch-site': 'same-site' },
    );
    expect(sameSite.status).toBe(403);
    const units = (await b.get('/api/v1/org/units')).json.units as Array<{ name: string }>;
    expect(units.map((u) => u.name)).not.toContain('伪造班级');
    expect((await b.get('/api/v1/me')).status).toBe(200);
  });
});
