import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { demoTenantIds, seedDemo } from '../seed/demo.ts';
import '../seed/steps.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
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
    const picks = await db.owner
      .selectFrom('market_school_picks')
      .select(['tenant_id', 'mode', 'bureau_name'])
      .where('app_id', '=', 'cn.nnzx.notice-board')
      .execute();
    expect(picks.map((p) => p.tenant_id).sort()).toEqual(
      [ids.get('school-primary'), ids.get('school-middle')].sort(),
    );
    expect(picks[0]).toMatchObject({ mode: 'recommend', bureau_name: '南宁市青秀区教育局' });
    const installed = await db.owner
      .selectFrom('app_installations')
      .select('tenant_id')
      .where('app_id', '=', 'cn.nnzx.notice-board')
      .execute();
    expect(installed.map((i) => i.tenant_id)).toEqual([ids.get('school-middle')]);
  });
});
