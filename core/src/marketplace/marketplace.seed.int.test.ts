import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { demoTenantIds, seedDemo } from '../seed/demo.ts';
import '../seed/steps.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { buildMarketplace } from './index.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const logger = createLogger('silent');
  await seedDemo(db.owner, logger);
  // A second start runs the steps again: nothing is published twice.
  await seedDemo(db.owner, logger);
}, 120_000);
afterAll(() => db?.drop());

describe('demo marketplace', () => {
  it('lists the template and sample apps from the demo vendor, approved, with Chinese descriptions', async () => {
    const market = buildMarketplace({
      db,
      logger: createLogger('silent'),
      secret: 's',
      apps: null,
      messages: null,
    });
    const found = await market.catalogue.search({ q: '公告' });
    expect(found.items.map((i) => i.appId)).toContain('cn.nnzx.notice-board');
    expect(found.items[0]).toMatchObject({ vendor: '南宁智校科技有限公司', category: 'teaching' });
    const detail = await market.catalogue.detail('cn.nnzx.notice-board');
    expect(detail.descriptionHtml).toContain('<h2>班级公告栏</h2>');
    const versions = await db.owner.selectFrom('market_versions').select(['app_id', 'status']).execute();
    expect(versions.length).toBeGreaterThanOrEqual(1);
    expect(new Set(versions.map((v) => v.status))).toEqual(new Set(['approved']));
  });

  it('has 青秀区教育局 recommend it to its schools, and 邕江初级中学 has it installed', async () => {
    const ids = await demoTenantIds(db.owner);
    // Each school reads the county's pick in its own scope (by ancestry; there are no copies).
    for (const school of ['school-primary', 'school-middle']) {
      const picks = await withTenant(db.app, ids.get(school)!, (trx) =>
        trx
          .selectFrom('market_bureau_picks')
          .select(['tenant_id', 'mode'])
          .where('app_id', '=', 'cn.nnzx.notice-board')
          .execute(),
      );
      expect(picks).toEqual([{ tenant_id: ids.get('county'), mode: 'recommend' }]);
    }
    const installed = await db.owner
      .selectFrom('app_installations')
      .select(['tenant_id', 'id'])
      .where('app_id', '=', 'cn.nnzx.notice-board')
      .execute();
    expect(installed.map((i) => i.tenant_id)).toEqual([ids.get('school-middle')]);
    // Installed with the school admin's recorded consent, written with the installation.
    const consent = await db.owner
      .selectFrom('market_install_history')
      .select(['consent_by', 'scopes_sha256', 'actor_person_id'])
      .where('installation_id', '=', installed[0]!.id)
      .executeTakeFirstOrThrow();
    expect(consent.consent_by).toBe('school');
    expect(consent.scopes_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(consent.actor_person_id).not.toBeNull();
  });
});
