import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import { authenticator } from '../identity/test-authenticator.ts';
import { TestBrowser } from '../identity/test-client.ts';
import type { Platform } from '../platform.ts';

type Me = {
  permissions: string[];
  mfa: { enrolled: boolean; verified: boolean; requiredButMissing: boolean };
};

describe('TOTP two-step login, over real HTTP against PostgreSQL', () => {
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

  async function enrol(b: TestBrowser) {
    const start = await b.post('/api/v1/me/mfa/totp');
    expect(start.status).toBe(200);
    expect(start.json.uri).toMatch(/^otpauth:\/\/totp\//);
    const app = authenticator(start.json.manualKey as string);
    const before = b.cookie;
    const confirmed = await b.post('/api/v1/me/mfa/totp/confirm', { code: app.step(0) });
    expect(confirmed.status).toBe(200);
    // Proving a second factor raises privilege: a new token.
    expect(b.cookie).not.toBe(before);
    return { app, recoveryCodes: confirmed.json.recoveryCodes as string[] };
  }

  it('enrols, then logs in with password → TOTP → session; a code is not accepted twice', async () => {
    const b = browser();
    await b.login('zhoulijuan');
    const { app, recoveryCodes } = await enrol(b);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(((await b.get('/api/v1/me')).json as Me).mfa).toEqual({
      enrolled: true,
      verified: true,
      requiredButMissing: false,
    });
    await b.post('/api/v1/auth/logout');

    const first = await b.post('/api/v1/auth/login', { login: 'zhoulijuan', password: 'Campus@2026' });
    expect(first.status).toBe(200);
    expect(first.json.status).toBe('mfa_required');
    const pending = b.cookie;
    expect(pending).not.toBeNull();
    // Half logged in is not logged in.
    expect((await b.get('/api/v1/me')).status).toBe(401);
    expect((await b.get('/api/v1/people')).status).toBe(401);
    const wrong = await b.post('/api/v1/auth/mfa/verify', {
      code: app.step(0) === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    expect((wrong.json.error as { code: string }).code).toBe('invalid_code');

    const ok = await b.post('/api/v1/auth/mfa/verify', { code: app.step(1) });
    expect(ok.status).toBe(200);
    expect(ok.json.status).toBe('ok');
    expect(b.cookie).not.toBe(pending);
    const me = (await b.get('/api/v1/me')).json as Me;
    expect(me.mfa.verified).toBe(true);
    expect(me.permissions).toContain('people:read');
    // The pending token ended when the full session began.
    const old = new TestBrowser(b.base);
    old.cookie = pending;
    expect((await old.post('/api/v1/auth/mfa/verify', { code: app.step(1) })).status).toBe(401);

    await b.post('/api/v1/auth/logout');
    await b.post('/api/v1/auth/login', { login: 'zhoulijuan', password: 'Campus@2026' });
    const replay = await b.post('/api/v1/auth/mfa/verify', { code: app.step(1) });
    expect(replay.status).toBe(401);

    // Recovery codes: each works once.
    const recovery = recoveryCodes[0] as string;
    expect((await b.post('/api/v1/auth/mfa/verify', { recoveryCode: recovery })).status).toBe(200);
    expect((await b.get('/api/v1/me')).status).toBe(200);
    await b.post('/api/v1/auth/logout');
    await b.post('/api/v1/auth/login', { login: 'zhoulijuan', password: 'Campus@2026' });
    const reused = await b.post('/api/v1/auth/mfa/verify', { recoveryCode: recovery.toLowerCase() });
    expect(reused.status).toBe(401);
    const other = await b.post('/api/v1/auth/mfa/verify', { recoveryCode: recoveryCodes[1] as string });
    expect(other.status).toBe(200);
    expect((await b.get('/api/v1/me')).status).toBe(200);
  });

  it('withholds admin permissions in a school that requires MFA until the admin has verified it', async () => {
    const admin = browser();
    await admin.login('admin.yongjiang');
    expect(((await admin.get('/api/v1/me')).json as Me).permissions).toContain('people:write');
    const policy = await admin.request('PUT', '/api/v1/security-policy', { requireMfaForAdmins: true });
    expect(policy.status).toBe(200);

    const withheld = (await admin.get('/api/v1/me')).json as Me;
    expect(withheld.mfa.requiredButMissing).toBe(true);
    expect(withheld.permissions).not.toContain('people:write');
    expect(withheld.permissions).not.toContain('settings:write');
    expect(withheld.permissions).toContain('people:read');
    const refused = await admin.post('/api/v1/people', { displayName: '黄思远', role: 'teacher' });
    expect(refused.status).toBe(403);
    expect((refused.json.error as { code: string }).code).toBe('mfa_required');
    expect((await admin.get('/api/v1/audit')).status).toBe(403);

    // Enrolling is still allowed, and the verified session gets the admin permissions back.
    const { app } = await enrol(admin);
    const verified = (await admin.get('/api/v1/me')).json as Me;
    expect(verified.mfa.requiredButMissing).toBe(false);
    expect(verified.permissions).toContain('people:write');
    expect((await admin.post('/api/v1/people', { displayName: '黄思远', role: 'teacher' })).status).toBe(201);

    // Next time: password alone gives nothing; TOTP completes the login with admin rights.
    await admin.post('/api/v1/auth/logout');
    const first = await admin.post('/api/v1/auth/login', {
      login: 'admin.yongjiang',
      password: 'Campus@2026',
    });
    expect(first.json.status).toBe('mfa_required');
    expect((await admin.get('/api/v1/people')).status).toBe(401);
    expect((await admin.post('/api/v1/auth/mfa/verify', { code: app.step(1) })).status).toBe(200);
    expect(((await admin.get('/api/v1/me')).json as Me).permissions).toContain('people:write');

    // A teacher of that school is unaffected: the rule covers admin permissions only.
    const teacher = browser();
    await teacher.login('liuwei');
    const t = (await teacher.get('/api/v1/me')).json as Me;
    expect(t.mfa.requiredButMissing).toBe(true);
    expect(t.permissions).toContain('people:read');
    expect((await teacher.get('/api/v1/people?limit=1')).status).toBe(200);
  });
});
