import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { authenticator } from '../identity/test-authenticator.ts';
import { TestBrowser } from '../identity/test-client.ts';
import { startRecoveryApp } from './recovery-test-app.ts';

const errorCode = (res: { json: Record<string, unknown> }) => (res.json.error as { code: string }).code;
type Options = { currentPasswordRequired: boolean; withoutCurrentUntil: string | null };

describe('setting a password without the old one right after an SMS-code login', () => {
  let db: TestDatabase;
  let app: Awaited<ReturnType<typeof startRecoveryApp>>;
  const browser = () => new TestBrowser(app.url);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startRecoveryApp(db);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  async function smsLogin(b: TestBrowser, phone: string) {
    expect((await b.post('/api/v1/auth/sms/send', { phone })).status).toBe(202);
    const res = await b.post('/api/v1/auth/sms/login', { phone, code: app.lastCode(phone) });
    expect(res.status).toBe(200);
    return res.json as { status: string };
  }

  it('lets a two-school parent set one within 5 minutes, across a school switch, and ends the other sessions', async () => {
    const parent = '13907719001';
    const laptop = browser();
    await laptop.login(parent);
    const b = browser();
    await smsLogin(b, parent);
    const options = (await b.get('/api/v1/me/password/options')).json as Options;
    expect(options.currentPasswordRequired).toBe(false);
    expect(options.withoutCurrentUntil).not.toBeNull();
    // Switching school issues a new token; the SMS login stays recent on it.
    const schools = (await b.get('/api/v1/me')).json.tenants as Array<{ tenantId: string; code: string }>;
    const middle = schools.find((s) => s.code === '2145010302')?.tenantId;
    expect((await b.post('/api/v1/me/active-tenant', { tenantId: middle })).status).toBe(200);
    // The middle school's 10-character rule applies to the parent everywhere.
    const weak = await b.post('/api/v1/me/password', { newPassword: 'Chen@2026' });
    expect(weak.status).toBe(400);
    const set = await b.post('/api/v1/me/password', { newPassword: 'Chen#Jing2026' });
    expect(set.status).toBe(200);
    expect((await b.get('/api/v1/me')).status).toBe(200);
    expect((await laptop.get('/api/v1/me')).status).toBe(401);
    await browser().login(parent, 'Chen#Jing2026');
    // Used once: the new session needs the current password again.
    const again = (await b.get('/api/v1/me/password/options')).json as Options;
    expect(again.currentPasswordRequired).toBe(true);
    const refused = await b.post('/api/v1/me/password', { newPassword: 'Chen#Again2026' });
    expect(refused.status).toBe(403);
  });

  it('refuses it after a password login and once the 5 minutes have passed', async () => {
    const byPassword = browser();
    await byPassword.login('linmeiling');
    const refused = await byPassword.post('/api/v1/me/password', { newPassword: 'Lin#Meiling2026' });
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe('current_password_required');
    expect(
      ((await byPassword.get('/api/v1/me/password/options')).json as Options).currentPasswordRequired,
    ).toBe(true);

    const bySms = browser();
    await smsLogin(bySms, '13907711012');
    app.advance(5 * 60_000 + 1000);
    const late = await bySms.post('/api/v1/me/password', { newPassword: 'He#Jianhua2026' });
    expect(late.status).toBe(403);
    expect(errorCode(late)).toBe('current_password_required');
    await browser().login('hejianhua', 'Campus@2026');
  });

  it('keeps login codes and reset codes apart', async () => {
    const b = browser();
    const phone = '13907712012';
    expect((await b.post('/api/v1/auth/sms/send', { phone })).status).toBe(202);
    const loginCode = app.lastCode(phone);
    const asReset = await b.post('/api/v1/auth/password-reset/verify', { phone, code: loginCode });
    expect(asReset.status).toBe(401);
    await db.owner.deleteFrom('auth_throttle').where('key', '=', `sms:send:interval:${phone}`).execute();
    expect((await b.post('/api/v1/auth/password-reset/sms', { phone })).status).toBe(202);
    const resetCode = app.lastCode(phone);
    expect(resetCode).not.toBe(loginCode);
    const asLogin = await b.post('/api/v1/auth/sms/login', { phone, code: resetCode });
    expect(asLogin.status).toBe(401);
    expect(b.cookie).toBeNull();
  });

  it('carries the SMS login through the TOTP step', async () => {
    const phone = '13907711013';
    const setup = browser();
    await setup.login('zhoulijuan');
    const totp = authenticator((await setup.post('/api/v1/me/mfa/totp')).json.manualKey as string);
    expect((await setup.post('/api/v1/me/mfa/totp/confirm', { code: totp.step(0) })).status).toBe(200);

    const b = browser();
    expect((await smsLogin(b, phone)).status).toBe('mfa_required');
    expect((await b.get('/api/v1/me/password/options')).status).toBe(401);
    expect((await b.post('/api/v1/me/password', { newPassword: 'Zhou#Lijuan2026' })).status).toBe(401);
    expect((await b.post('/api/v1/auth/mfa/verify', { code: totp.step(1) })).status).toBe(200);
    expect(((await b.get('/api/v1/me/password/options')).json as Options).currentPasswordRequired).toBe(
      false,
    );
    expect((await b.post('/api/v1/me/password', { newPassword: 'Zhou#Lijuan2026' })).status).toBe(200);
  });
});
