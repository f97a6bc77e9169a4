import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import { authenticator } from '../identity/test-authenticator.ts';
import { TestBrowser } from '../identity/test-client.ts';
import type { Platform } from '../platform.ts';

type Person = { personId: string; displayName: string; role: string };

describe('admin password and authenticator resets, over real HTTP against PostgreSQL', () => {
  let db: TestDatabase;
  let platform: Platform;
  const browser = () => new TestBrowser(platform.url.replace('localhost', '127.0.0.1'));
  const idOf = async (b: TestBrowser) => ((await b.get('/api/v1/me')).json.person as { id: string }).id;

  beforeAll(async () => {
    db = await createTestDatabase();
    platform = await startTestPlatform(db);
  });
  afterAll(async () => {
    await platform?.stop();
    await db?.drop();
  });

  it('sets a temporary password that must be changed before anything else, ending the sessions', async () => {
    const teacher = browser();
    await teacher.login('linmeiling');
    const personId = await idOf(teacher);
    const admin = browser();
    await admin.login('admin.fenglin');
    const reset = await admin.post(`/api/v1/people/${personId}/password-reset`);
    expect(reset.status).toBe(200);
    const temporary = reset.json.temporaryPassword as string;
    expect(temporary).toMatch(/^\S{12,}$/);
    expect(reset.json.sessionsEnded).toBe(1);
    expect((await teacher.get('/api/v1/me')).status).toBe(401);

    const b = browser();
    expect(
      (await b.post('/api/v1/auth/login', { login: 'linmeiling', password: 'Campus@2026' })).status,
    ).toBe(401);
    const login = await b.post('/api/v1/auth/login', { login: 'linmeiling', password: temporary });
    expect(login.status).toBe(200);
    expect(login.json.passwordExpired).toBe(true);
    const me = await b.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.json.passwordChangeRequired).toBe(true);
    expect(me.json.permissions).toEqual([]);
    expect((await b.get('/api/v1/people')).status).toBe(401);
    expect((await b.get('/api/v1/inbox')).status).toBe(401);
    const changed = await b.post('/api/v1/me/password', {
      currentPassword: temporary,
      newPassword: 'Lin#Meiling2026',
    });
    expect(changed.status).toBe(200);
    expect((await b.get('/api/v1/me')).json.passwordChangeRequired).toBe(false);
    expect((await b.get('/api/v1/people?limit=1')).status).toBe(200);

    const entries = (await admin.get(`/api/v1/audit?action=people.password.reset&targetId=${personId}`)).json
      .entries as Array<{ result: string; details: Record<string, unknown> }>;
    expect(entries).toHaveLength(1);
    expect(entries[0]?.result).toBe('success');
    expect(JSON.stringify(entries)).not.toContain(temporary);
  });

  it('refuses resets that would take over a stronger, shared or own account', async () => {
    const admin = browser();
    await admin.login('admin.fenglin');
    const adminId = await idOf(admin);
    const it = browser();
    await it.login('it.fenglin');
    const stronger = await it.post(`/api/v1/people/${adminId}/password-reset`);
    expect(stronger.status).toBe(403);
    expect((stronger.json.error as { code: string }).code).toBe('exceeds_own_permissions');
    const parent = browser();
    await parent.login('13907719001');
    const shared = await admin.post(`/api/v1/people/${await idOf(parent)}/password-reset`);
    expect((shared.json.error as { code: string }).code).toBe('person_in_other_tenants');
    expect((await admin.post(`/api/v1/people/${adminId}/password-reset`)).status).toBe(403);
    const teacher = (await admin.get('/api/v1/people?role=teacher&limit=500')).json.people as Person[];
    const zhou = teacher.find((p) => p.displayName === '周丽娟') as Person;
    const otherSchool = browser();
    await otherSchool.login('admin.yongjiang');
    expect((await otherSchool.post(`/api/v1/people/${zhou.personId}/password-reset`)).status).toBe(404);
    // The IT admin may reset an ordinary teacher (everyday permissions do not count).
    expect((await it.post(`/api/v1/people/${zhou.personId}/password-reset`)).status).toBe(200);
    const denied = (await admin.get('/api/v1/audit?action=people.password.reset&result=denied')).json
      .entries as unknown[];
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('removes a lost authenticator, ending the sessions; the next login needs only the password', async () => {
    const teacher = browser();
    await teacher.login('hejianhua');
    const personId = await idOf(teacher);
    const start = await teacher.post('/api/v1/me/mfa/totp');
    const app = authenticator(start.json.manualKey as string);
    expect((await teacher.post('/api/v1/me/mfa/totp/confirm', { code: app.step(0) })).status).toBe(200);
    await teacher.post('/api/v1/auth/logout');
    expect(
      (await teacher.post('/api/v1/auth/login', { login: 'hejianhua', password: 'Campus@2026' })).json.status,
    ).toBe('mfa_required');

    const admin = browser();
    await admin.login('admin.fenglin');
    const reset = await admin.request('DELETE', `/api/v1/people/${personId}/mfa`);
    expect(reset.status).toBe(200);
    expect(reset.json).toEqual({ removed: true, sessionsEnded: 1 });
    expect((await teacher.post('/api/v1/auth/mfa/verify', { code: app.step(1) })).status).toBe(401);
    const again = await teacher.post('/api/v1/auth/login', { login: 'hejianhua', password: 'Campus@2026' });
    expect(again.json.status).toBe('ok');
    expect((await teacher.get('/api/v1/me')).json.mfa).toMatchObject({ enrolled: false });
    const audit = (await admin.get(`/api/v1/audit?action=auth.mfa.reset&targetId=${personId}`)).json
      .entries as Array<{
      actorPersonId: string;
    }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorPersonId).toBe(await idOf(admin));
  });

  it('rate-limits password resets per person and logins per account', async () => {
    const admin = browser();
    await admin.login('admin.fenglin');
    const students = (await admin.get('/api/v1/people?role=student&limit=1')).json.people as Person[];
    const student = (students[0] as Person).personId;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await admin.post(`/api/v1/people/${student}/password-reset`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await admin.post(`/api/v1/people/${student}/password-reset`);
    expect((limited.json.error as { details: { limit: string } }).details.limit).toBe(
      'password-reset-person',
    );
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);

    const b = browser();
    const logins: number[] = [];
    for (let i = 0; i < 11; i++)
      logins.push((await b.post('/api/v1/auth/login', { login: 'ZhouLijuan', password: `no-${i}` })).status);
    // Five failures lock the account (auth_throttle); the request limit still counts every try.
    expect(logins.slice(0, 4)).toEqual([401, 401, 401, 401]);
    const eleventh = await b.post('/api/v1/auth/login', { login: 'zhoulijuan', password: 'x' });
    expect(eleventh.status).toBe(429);
    expect((eleventh.json.error as { code: string }).code).toBe('rate_limited');
  });
});
