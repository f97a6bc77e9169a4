import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness.ts';
import { startTestPlatform } from '../../test/platform.ts';
import type { Platform } from './platform.ts';

describe('the running platform', () => {
  let db: TestDatabase;
  let platform: Platform;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    platform = await startTestPlatform(db);
  });
  afterAll(async () => {
    await platform?.stop();
    await db.drop();
  });

  it('is ready over IPv4, with the database and the broker checked', async () => {
    const res = await fetch(`http://127.0.0.1:${platform.port}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { checks: Record<string, { ok: boolean }> };
    expect(body.checks.database!.ok).toBe(true);
    expect(body.checks.broker!.ok).toBe(true);
  });

  it('is reachable over IPv6 on ::1', async () => {
    const res = await fetch(`http://[::1]:${platform.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document and the interactive reference', async () => {
    const doc = (await (await fetch(`http://127.0.0.1:${platform.port}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/v1/tenants/{code}/public']),
    );
    const page = await fetch(`http://127.0.0.1:${platform.port}/api/reference`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/openapi.json');
    const script = await fetch(`http://127.0.0.1:${platform.port}/api/reference/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
  });

  it('seeded the demo region: province → city → county → two schools with 10-digit codes', async () => {
    const tenants = await db.owner
      .selectFrom('tenants')
      .select(['kind', 'code', 'name'])
      .orderBy('path')
      .execute();
    expect(tenants.map((t) => t.kind)).toEqual(
      expect.arrayContaining(['platform', 'province', 'city', 'county', 'school']),
    );
    const schools = tenants.filter((t) => t.kind === 'school');
    expect(schools).toHaveLength(2);
    for (const school of schools) expect(school.code).toMatch(/^\d{10}$/);
    const res = await fetch(`http://127.0.0.1:${platform.port}/api/v1/tenants/${schools[0]!.code}/public`);
    const body = (await res.json()) as { name: string; branding: { themeColor: string } };
    expect(body.name).toBe(schools[0]!.name);
    expect(body.branding.themeColor).toMatch(/^#[0-9A-F]{6}$/i);
  });

  it('answers errors in the one shape, in zh-CN by default and English on request', async () => {
    const zh = await fetch(`http://127.0.0.1:${platform.port}/api/v1/tenants/9999999999/public`);
    expect(zh.status).toBe(404);
    const zhBody = (await zh.json()) as { error: { code: string; message: string } };
    expect(zhBody.error.code).toBe('not_found');
    expect(zhBody.error.message).toContain('没有代码为 9999999999');
    const en = await fetch(`http://127.0.0.1:${platform.port}/api/v1/tenants/9999999999/public`, {
      headers: { 'accept-language': 'en' },
    });
    expect(((await en.json()) as { error: { message: string } }).error.message).toContain(
      'No school or bureau has the code 9999999999',
    );
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await fetch(`http://127.0.0.1:${platform.port}/healthz`);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const page = await fetch(`http://127.0.0.1:${platform.port}/api/reference`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
