import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { DEMO_PARENT_EMAIL } from '../identity/recovery.seed.ts';
import { authenticator } from '../identity/test-authenticator.ts';
import { TestBrowser } from '../identity/test-client.ts';
import { startRecoveryApp } from './recovery-test-app.ts';

type Grant = {
  ticket: string;
  totpRequired: boolean;
  channel: string;
  accountHint: string;
  passwordPolicy: { minLength: number; minCharClasses: number };
};
const errorCode = (res: { json: Record<string, unknown> }) => (res.json.error as { code: string }).code;

// Demo people (core/src/seed/identity-demo-data.ts).
const PARENT = '13907719001'; // 陈静: a child in each school, both schools' audit logs
const OLD_PASSWORD = 'Campus@2026';

describe('forgot password (忘记密码) by SMS code or email link, over HTTP against PostgreSQL', () => {
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

  async function codeGrant(b: TestBrowser, phone: string): Promise<Grant> {
    expect((await b.post('/api/v1/auth/password-reset/sms', { phone })).status).toBe(202);
    const verified = await b.post('/api/v1/auth/password-reset/verify', { phone, code: app.lastCode(phone) });
    expect(verified.status).toBe(200);
    return verified.json as Grant;
  }

  async function personId(phone: string): Promise<string> {
    const row = await db.owner
      .selectFrom('persons')
      .select('id')
      .where('phone', '=', phone)
      .executeTakeFirst();
    return row?.id as string;
  }

  it('resets a two-school parent by SMS under the stricter school’s policy, ends a stolen session, audits in both schools', async () => {
    const victim = browser();
    await victim.login(PARENT);
    const stolen = new TestBrowser(app.url);
    stolen.cookie = victim.cookie;
    expect((await stolen.get('/api/v1/me')).status).toBe(200);

    const b = browser();
    expect((await b.post('/api/v1/auth/password-reset/sms', { phone: PARENT })).status).toBe(202);
    const code = app.lastCode(PARENT);
    const typo = await b.post('/api/v1/auth/password-reset/verify', {
      phone: PARENT,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(typo.status).toBe(401);
    const verified = await b.post('/api/v1/auth/password-reset/verify', { phone: PARENT, code });
    expect(verified.status).toBe(200);
    const grant = verified.json as Grant;
    expect(grant).toMatchObject({ channel: 'sms', accountHint: '陈*', totpRequired: false });
    // The middle school asks for 10 characters of 3 kinds (demo seed), the primary school for 8 of 2.
    expect(grant.passwordPolicy).toEqual({ minLength: 10, minCharClasses: 3 });
    const weak = await b.post('/api/v1/auth/password-reset/complete', {
      ticket: grant.ticket,
      newPassword: 'chenjing2026',
    });
    expect(weak.status).toBe(400);
    expect(errorCode(weak)).toBe('weak_password');
    const done = await b.post('/api/v1/auth/password-reset/complete', {
      ticket: grant.ticket,
      newPassword: 'Chen#Jing2026',
    });
    expect(done.status).toBe(200);
    expect(done.json.sessionsEnded).toBe(1);

    expect((await stolen.get('/api/v1/me')).status).toBe(401);
    expect((await victim.get('/api/v1/me')).status).toBe(401);
    const old = await browser().post('/api/v1/auth/login', { login: PARENT, password: OLD_PASSWORD });
    expect(old.status).toBe(401);
    await browser().login(PARENT, 'Chen#Jing2026');
    // The ticket was spent.
    const again = await b.post('/api/v1/auth/password-reset/complete', {
      ticket: grant.ticket,
      newPassword: 'Another#Pass2026',
    });
    expect(again.status).toBe(401);
    expect(errorCode(again)).toBe('invalid_reset_ticket');

    const id = await personId(PARENT);
    const audit = await db.owner
      .selectFrom('audit_log as a')
      .innerJoin('tenants as t', 't.id', 'a.tenant_id')
      .select(['t.code', 'a.action', 'a.result'])
      .where('a.target_id', '=', id)
      .where('a.action', 'like', 'auth.password_reset.%')
      .execute();
    for (const school of ['2145010301', '2145010302']) {
      const here = audit.filter((a) => a.code === school).map((a) => `${a.action}:${a.result}`);
      expect(here).toContain('auth.password_reset.requested:success');
      expect(here).toContain('auth.password_reset.completed:success');
      expect(here).toContain('auth.password_reset.failed:failure');
    }
  });

  it('answers an unknown number exactly like a known one, and texts only the known one', async () => {
    const b = browser();
    const known = await b.post('/api/v1/auth/password-reset/sms', { phone: '13907712012' });
    const unknown = await b.post('/api/v1/auth/password-reset/sms', { phone: '13907719876' });
    expect(unknown.status).toBe(known.status);
    expect(unknown.json).toEqual(known.json);
    expect(app.texted('13907712012')).toBe(1);
    expect(app.texted('13907719876')).toBe(0);
    // Any code for the unknown number fails like a wrong code for a known one.
    const wrongKnown = await b.post('/api/v1/auth/password-reset/verify', {
      phone: '13907712012',
      code: app.lastCode('13907712012') === '000000' ? '111111' : '000000',
    });
    const anyUnknown = await b.post('/api/v1/auth/password-reset/verify', {
      phone: '13907719876',
      code: '123456',
    });
    expect(anyUnknown.status).toBe(401);
    expect(anyUnknown.json).toEqual(wrongKnown.json);
  });

  it('accepts a code once, and not after its 5 minutes (the clock moves, nobody sleeps)', async () => {
    const b = browser();
    const phone = '13907711011';
    expect((await b.post('/api/v1/auth/password-reset/sms', { phone })).status).toBe(202);
    const code = app.lastCode(phone);
    expect((await b.post('/api/v1/auth/password-reset/verify', { phone, code })).status).toBe(200);
    const replay = await b.post('/api/v1/auth/password-reset/verify', { phone, code });
    expect(replay.status).toBe(401);
    expect(errorCode(replay)).toBe('invalid_code');

    const late = '13907711012';
    expect((await b.post('/api/v1/auth/password-reset/sms', { phone: late })).status).toBe(202);
    app.advance(5 * 60_000 + 1000);
    const expired = await b.post('/api/v1/auth/password-reset/verify', {
      phone: late,
      code: app.lastCode(late),
    });
    expect(expired.status).toBe(401);
    expect(errorCode(expired)).toBe('invalid_code');
  });

  it('locks a number after five wrong codes, even against the right one', async () => {
    const b = browser();
    const phone = '13907712011';
    expect((await b.post('/api/v1/auth/password-reset/sms', { phone })).status).toBe(202);
    const right = app.lastCode(phone);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const guess = String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
      statuses.push((await b.post('/api/v1/auth/password-reset/verify', { phone, code: guess })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await b.post('/api/v1/auth/password-reset/verify', { phone, code: right });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('binds a code, a link and a ticket to one person: A’s cannot reset B', async () => {
    const b = browser();
    const a = '13907712013';
    const victim = '13907711013';
    expect((await b.post('/api/v1/auth/password-reset/sms', { phone: a })).status).toBe(202);
    const aCode = app.lastCode(a);
    const crossed = await b.post('/api/v1/auth/password-reset/verify', { phone: victim, code: aCode });
    expect(crossed.status).toBe(401);
    // A's own ticket sets only A's password.
    const grant = (await b.post('/api/v1/auth/password-reset/verify', { phone: a, code: aCode }))
      .json as Grant;
    expect(grant.accountHint).toBe('杨*');
    const done = await b.post('/api/v1/auth/password-reset/complete', {
      ticket: grant.ticket,
      newPassword: 'Yang#Fan20261',
    });
    expect(done.status).toBe(200);
    await browser().login('zhoulijuan', OLD_PASSWORD);
    await browser().login('yangfan', 'Yang#Fan20261');
    // A made-up ticket is refused.
    const forged = await b.post('/api/v1/auth/password-reset/complete', {
      ticket: 'A'.repeat(43),
      newPassword: 'Zhou#Lijuan2026',
    });
    expect(forged.status).toBe(401);
  });

  it('resets by an emailed link: single use, 30 minutes, unknown addresses answered alike', async () => {
    const b = browser();
    const sent = await b.post('/api/v1/auth/password-reset/email', { email: DEMO_PARENT_EMAIL });
    const unknown = await b.post('/api/v1/auth/password-reset/email', { email: 'nobody@example.cn' });
    expect(sent.status).toBe(202);
    expect(unknown.json).toEqual(sent.json);
    expect(app.mailed('nobody@example.cn')).toHaveLength(0);
    const mail = app.mailed(DEMO_PARENT_EMAIL).at(-1);
    expect(mail?.text).toContain(`${app.url}/login#reset=`);
    const token = app.lastLinkToken(DEMO_PARENT_EMAIL);
    // Opening the link twice (a mail scanner, then the person) does not spend it.
    expect((await b.post('/api/v1/auth/password-reset/verify', { token })).status).toBe(200);
    const grant = (await b.post('/api/v1/auth/password-reset/verify', { token })).json as Grant;
    expect(grant).toMatchObject({ channel: 'email', ticket: token });
    const done = await b.post('/api/v1/auth/password-reset/complete', {
      ticket: token,
      newPassword: 'Chen#Mail2026',
    });
    expect(done.status).toBe(200);
    expect((await b.post('/api/v1/auth/password-reset/verify', { token })).status).toBe(401);

    // A second link, opened after 30 minutes.
    await db.owner.deleteFrom('auth_throttle').where('key', 'like', 'reset:email:interval:%').execute();
    await b.post('/api/v1/auth/password-reset/email', { email: DEMO_PARENT_EMAIL });
    const later = app.lastLinkToken(DEMO_PARENT_EMAIL);
    expect(later).not.toBe(token);
    app.advance(30 * 60_000 + 1000);
    const stale = await b.post('/api/v1/auth/password-reset/verify', { token: later });
    expect(stale.status).toBe(401);
    expect(errorCode(stale)).toBe('invalid_reset_ticket');
  });

  it('asks for the authenticator code too when the person has TOTP', async () => {
    const phone = '13907712001';
    const admin = browser();
    await admin.login('admin.yongjiang');
    const start = await admin.post('/api/v1/me/mfa/totp');
    const totp = authenticator(start.json.manualKey as string);
    expect((await admin.post('/api/v1/me/mfa/totp/confirm', { code: totp.step(0) })).status).toBe(200);

    const b = browser();
    const grant = await codeGrant(b, phone);
    expect(grant.totpRequired).toBe(true);
    const newPassword = 'Chen#Guohua2026';
    const missing = await b.post('/api/v1/auth/password-reset/complete', {
      ticket: grant.ticket,
      newPassword,
    });
    expect(missing.status).toBe(401);
    expect(errorCode(missing)).toBe('totp_required');
    const wrong = await b.post('/api/v1/auth/password-reset/complete', {
      ticket: grant.ticket,
      newPassword,
      totpCode: totp.step(1) === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    expect(errorCode(wrong)).toBe('invalid_code');
    await browser().login('admin.yongjiang', OLD_PASSWORD); // still the old password
    const ok = await b.post('/api/v1/auth/password-reset/complete', {
      ticket: grant.ticket,
      newPassword,
      totpCode: totp.step(1),
    });
    expect(ok.status).toBe(200);
    // Half logged in is still all the new password gives: the TOTP step stays.
    const login = await browser().post('/api/v1/auth/login', {
      login: 'admin.yongjiang',
      password: newPassword,
    });
    expect(login.json.status).toBe('mfa_required');
  });
});
