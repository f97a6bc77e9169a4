import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../../../test/platform.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import type { Platform } from '../platform.ts';

let db: TestDatabase;
let platform: Platform;

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startTestPlatform(db);
});
afterAll(async () => {
  await platform?.stop();
  await db?.drop();
});

describe('the app runtime in the platform', () => {
  it('starts the sandbox workers and the app UI origin, and stops them with the platform', async () => {
    const stats = await platform.apps.runtime.supervisor.stats();
    expect(stats.workers).toBeGreaterThan(0);
    expect(stats.pids.every((pid) => pid > 0)).toBe(true);
    const health = await fetch(`http://127.0.0.1:${platform.apps.ui.port}/healthz`);
    expect(await health.text()).toBe('ok');
  });

  it('describes the app admin routes in the OpenAPI document and asks for a login', async () => {
    const doc = (await (await fetch(`${platform.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/apps/installations', '/apps/{installationId}/api/{path}']),
    );
    const response = await fetch(`${platform.url}/api/v1/apps/installations`);
    expect(response.status).toBe(401);
  });

  it('seeds the notice board for 凤岭实验小学 with its notices, and serves its page', async () => {
    const school = await db.owner
      .selectFrom('tenants')
      .select('id')
      .where('name', '=', '南宁市青秀区凤岭实验小学')
      .executeTakeFirstOrThrow();
    const installation = await db.owner
      .selectFrom('app_installations')
      .select(['id', 'status'])
      .where('tenant_id', '=', school.id)
      .executeTakeFirstOrThrow();
    expect(installation.status).toBe('enabled');
    const notices = await db.owner
      .selectFrom('app_documents')
      .select('data')
      .where('installation_id', '=', installation.id)
      .execute();
    expect(notices.length).toBeGreaterThanOrEqual(3);
    expect(notices.map((n) => n.data.title)).toContain('本周五下午召开家长会');
    const page = await fetch(`http://127.0.0.1:${platform.apps.ui.port}/${installation.id}/board.html`);
    expect(page.status).toBe(200);
  });
});
