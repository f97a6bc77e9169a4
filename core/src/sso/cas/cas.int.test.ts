import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness.ts';
import { startTestPlatform } from '../../../../test/platform.ts';
import type { Platform } from '../../platform.ts';
import { demoTenantIds } from '../../seed/demo.ts';
import { TestBrowser } from '../testing/browser.ts';
import { addOrgUnit, addPerson, sessionCookie } from '../testing/fixtures.ts';

describe('CAS 2.0/3.0 over real HTTP', () => {
  let db: TestDatabase;
  let platform: Platform;
  let school: string;
  let teacher: string;
  const service = 'https://opac.fenglin.example.edu.cn/cas/callback?from=portal';

  beforeAll(async () => {
    db = await createTestDatabase();
    platform = await startTestPlatform(db);
    const ids = await demoTenantIds(db.owner);
    school = ids.get('school-primary')!;
    const dept = await addOrgUnit(db.owner, school, { name: '教务处', kind: 'department' });
    teacher = await addPerson(db.owner, {
      name: '黄丽娟',
      tenantId: school,
      role: 'teacher',
      orgUnitId: dept.id,
      number: 'T2018021',
    });
    const admin = await addPerson(db.owner, { name: '韦校管', tenantId: school, grants: ['school_admin'] });
    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, admin, school));
    const res = await browser.postJson('/api/v1/sso/cas/services', {
      name: '凤岭实验小学图书检索系统',
      serviceUrl: 'https://opac.fenglin.example.edu.cn/cas',
      attributes: ['name', 'tenant', 'roles', 'orgUnits', 'schoolNumber'],
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await platform?.stop();
    await db?.drop();
  });

  const validate = (path: string, ticket: string, svc = service) =>
    fetch(
      `${platform.url}${path}?service=${encodeURIComponent(svc)}&ticket=${encodeURIComponent(ticket)}`,
    ).then((r) => r.text());

  async function login(browser: TestBrowser, svc = service): Promise<string> {
    const res = await browser.get(`/cas/login?service=${encodeURIComponent(svc)}`);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://opac.fenglin.example.edu.cn/cas/callback');
    expect(location.searchParams.get('from')).toBe('portal');
    return location.searchParams.get('ticket')!;
  }

  it('issues a single-use ST- ticket that p3/serviceValidate turns into the person with attributes', async () => {
    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, teacher, school));
    const ticket = await login(browser);
    expect(ticket).toMatch(/^ST-[A-Za-z0-9_-]{40,}$/);

    const xml = await validate('/cas/p3/serviceValidate', ticket);
    expect(xml).toContain('<cas:authenticationSuccess>');
    expect(xml).toContain('<cas:user>T2018021</cas:user>');
    expect(xml).toContain('<cas:name>黄丽娟</cas:name>');
    expect(xml).toContain('<cas:tenantCode>2145010301</cas:tenantCode>');
    expect(xml).toContain('<cas:roles>teacher</cas:roles>');
    expect(xml).toContain('<cas:orgUnits>教务处</cas:orgUnits>');

    const replay = await validate('/cas/p3/serviceValidate', ticket);
    expect(replay).toContain('<cas:authenticationFailure code="INVALID_TICKET">');
    expect(replay).not.toContain('T2018021');
  });

  it('refuses a service that no school lists, including look-alike hosts', async () => {
    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, teacher, school));
    for (const svc of [
      'https://evil.example.com/cas',
      'https://opac.fenglin.example.edu.cn.evil.com/cas',
      'https://opac.fenglin.example.edu.cn/cas-evil',
    ]) {
      const res = await browser.get(`/cas/login?service=${encodeURIComponent(svc)}`);
      expect(res.status).toBe(403);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('未在任何学校的统一认证服务名单中登记');
    }
  });

  it('binds a ticket to its service, releases no attributes on CAS 2.0, and expires tickets', async () => {
    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, teacher, school));
    const other = await validate(
      '/cas/serviceValidate',
      await login(browser),
      'https://opac.fenglin.example.edu.cn/cas/other',
    );
    expect(other).toContain('code="INVALID_SERVICE"');

    const v2 = await validate('/cas/serviceValidate', await login(browser));
    expect(v2).toContain('<cas:user>T2018021</cas:user>');
    expect(v2).not.toContain('<cas:attributes>');

    const stale = await login(browser);
    await db.owner
      .updateTable('cas_tickets')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('consumed_at', 'is', null)
      .execute();
    expect(await validate('/cas/p3/serviceValidate', stale)).toContain('Ticket expired');
    expect(await validate('/cas/p3/serviceValidate', 'ST-not-a-real-ticket-0123456789')).toContain(
      'code="INVALID_TICKET"',
    );
  });

  it('shows the login form without a session, and logout ends the platform session', async () => {
    const anonymous = await new TestBrowser(platform.url).get(
      `/cas/login?service=${encodeURIComponent(service)}`,
    );
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toContain('登录统一身份认证');

    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, teacher, school));
    const out = await browser.get(`/cas/logout?service=${encodeURIComponent(service)}`);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe(service);
    const after = await browser.get(`/cas/login?service=${encodeURIComponent(service)}`);
    expect(after.status).toBe(200);
  });
});
