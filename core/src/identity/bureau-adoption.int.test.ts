import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import type { Platform } from '../platform.ts';
import { TestBrowser } from './test-client.ts';

type Adoption = {
  schools: Array<{
    tenantId: string;
    name: string;
    appsEnabled: number;
    devicesTotal: number;
    devicesOnline: number;
    devicesOffline: number;
    alarmsActive: number;
  }>;
};

describe('GET /api/v1/bureau/adoption: apps and devices per school, for bureaus only', () => {
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

  it('refuses school admins and teachers', async () => {
    for (const login of ['admin.fenglin', 'linmeiling']) {
      const person = browser();
      await person.login(login);
      expect((await person.get('/api/v1/bureau/adoption')).status).toBe(403);
    }
    expect((await browser().get('/api/v1/bureau/adoption')).status).toBe(401);
  });

  it('counts what each school below the bureau has, and nothing personal', async () => {
    // Make the numbers non-trivial: one device online, one disabled (not counted).
    const devices = await db.owner.selectFrom('iot_devices').select(['id', 'tenant_id']).execute();
    expect(devices.length).toBeGreaterThan(1);
    await db.owner
      .updateTable('iot_devices')
      .set({ online: true })
      .where('id', '=', devices[0]!.id)
      .execute();
    await db.owner
      .updateTable('iot_devices')
      .set({ status: 'disabled' })
      .where('id', '=', devices[1]!.id)
      .execute();

    const bureau = browser();
    await bureau.login('bureau.qingxiu');
    const res = await bureau.get('/api/v1/bureau/adoption');
    expect(res.status).toBe(200);
    const { schools } = res.json as Adoption;
    expect(schools.length).toBeGreaterThan(0);

    const me = (await bureau.get('/api/v1/me')).json as { activeTenant: { id: string } };
    const bureauPath = (
      await db.owner
        .selectFrom('tenants')
        .select('path')
        .where('id', '=', me.activeTenant.id)
        .executeTakeFirstOrThrow()
    ).path;
    const below = await db.owner
      .selectFrom('tenants')
      .select('id')
      .where('kind', '=', 'school')
      .where('status', '=', 'active')
      .where('path', 'like', `${bureauPath}%`)
      .execute();
    expect(schools.map((s) => s.tenantId).sort()).toEqual(below.map((b) => b.id).sort());

    for (const school of schools) {
      const expected = await sql<{ apps: string; total: string; online: string; alarms: string }>`
        SELECT
          (SELECT count(*) FROM app_installations WHERE tenant_id = ${school.tenantId} AND status = 'enabled') AS apps,
          (SELECT count(*) FROM iot_devices WHERE tenant_id = ${school.tenantId} AND status = 'active') AS total,
          (SELECT count(*) FROM iot_devices WHERE tenant_id = ${school.tenantId} AND status = 'active' AND online) AS online,
          (SELECT count(*) FROM iot_alarms WHERE tenant_id = ${school.tenantId} AND status = 'active') AS alarms
      `.execute(db.owner);
      const row = expected.rows[0]!;
      expect(school).toMatchObject({
        appsEnabled: Number(row.apps),
        devicesTotal: Number(row.total),
        devicesOnline: Number(row.online),
        devicesOffline: Number(row.total) - Number(row.online),
        alarmsActive: Number(row.alarms),
      });
      expect(Object.keys(school).sort()).toEqual(
        [
          'alarmsActive',
          'appsEnabled',
          'code',
          'devicesOffline',
          'devicesOnline',
          'devicesTotal',
          'name',
          'tenantId',
        ].sort(),
      );
    }
    const withDevice = schools.find((s) => s.tenantId === devices[0]!.tenant_id);
    expect(withDevice?.devicesOnline).toBeGreaterThanOrEqual(1);
    expect(schools.reduce((n, s) => n + s.appsEnabled, 0)).toBeGreaterThan(0);
  });
});
