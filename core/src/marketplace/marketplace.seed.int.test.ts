import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { demoTenantIds, seedDemo } from '../seed/demo.ts';
import '../seed/steps.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { insertInstallation } from '../apps/installations.repository.ts';
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

/** SHA-256 of the scopes, sorted, one per line: computed here, not with the marketplace's helper. */
const scopesSha256 = (scopes: string[]) =>
  createHash('sha256')
    .update([...new Set(scopes)].sort().join('\n'))
    .digest('hex');

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

  it('has 青秀区教育局 recommend it to its schools, and both demo schools have it installed', async () => {
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
      .select(['tenant_id', 'id', 'approved_scopes', 'settings'])
      .where('app_id', '=', 'cn.nnzx.notice-board')
      .execute();
    // Seeded twice, installed once per school.
    expect(installed.map((i) => i.tenant_id).sort()).toEqual(
      [ids.get('school-middle'), ids.get('school-primary')].sort(),
    );
    const primary = installed.find((i) => i.tenant_id === ids.get('school-primary'))!;
    expect(primary.approved_scopes).toEqual(['org:read']);
    expect(primary.settings).toEqual({ notifyClass: false, maxPinned: 3 });
    // 凤岭's board has the demo notices on it.
    const notices = await db.owner
      .selectFrom('app_documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('installation_id', '=', primary.id)
      .where('collection', '=', 'notices')
      .executeTakeFirstOrThrow();
    expect(Number(notices.n)).toBeGreaterThan(0);
  });

  it("gives every demo installation its school admin's consent record: who, and the SHA-256 of the exact scopes", async () => {
    const ids = await demoTenantIds(db.owner);
    const admins = new Map([
      [ids.get('school-primary'), 'admin.fenglin'],
      [ids.get('school-middle'), 'admin.yongjiang'],
    ]);
    const installations = await db.owner
      .selectFrom('app_installations as i')
      .leftJoin('market_install_history as h', (j) =>
        j
          .onRef('h.tenant_id', '=', 'i.tenant_id')
          .onRef('h.installation_id', '=', 'i.id')
          .on('h.action', '=', 'install'),
      )
      .leftJoin('persons as p', 'p.id', 'h.actor_person_id')
      .select([
        'i.id',
        'i.tenant_id',
        'i.app_id',
        'i.approved_scopes',
        'h.consent_by',
        'h.approved_scopes as consented_scopes',
        'h.scopes_sha256',
        'p.username',
      ])
      .where('i.status', '<>', 'uninstalled')
      .execute();
    expect(installations.length).toBeGreaterThanOrEqual(2);
    for (const i of installations) {
      expect(i, `${i.app_id} in ${i.tenant_id}`).toMatchObject({
        consent_by: 'school',
        username: admins.get(i.tenant_id),
        consented_scopes: i.approved_scopes,
        scopes_sha256: scopesSha256(i.approved_scopes),
      });
      // Audited like a real install: by the runtime, and by the marketplace with the consent.
      const audit = await db.owner
        .selectFrom('audit_log')
        .select(['action', 'details', 'actor_person_id'])
        .where('tenant_id', '=', i.tenant_id)
        .where('target_id', '=', i.id)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['app.install', 'marketplace.install']);
      expect(audit[1]!.details).toMatchObject({ consentBy: 'school', scopesSha256: i.scopes_sha256 });
    }
  });
});

describe('a demo database from before consent records', () => {
  it('uninstalls the notice board an earlier seed installed without consent, audited, and keeps the consented one', async () => {
    const ids = await demoTenantIds(db.owner);
    const tenantId = ids.get('school-primary')!;
    // What the earlier seed did: the template under its own id, straight into the runtime.
    const version = await db.owner
      .selectFrom('app_versions')
      .select('id')
      .where('app_id', '=', 'cn.nnzx.notice-board')
      .executeTakeFirstOrThrow();
    await db.owner
      .insertInto('apps')
      .values({
        id: 'com.example.notice-board',
        name: JSON.stringify({ zh: '班级公告栏', en: 'Class notice board' }),
      })
      .execute();
    const legacy = await withTenant(db.owner, tenantId, (trx) =>
      insertInstallation(trx, {
        tenantId,
        appId: 'com.example.notice-board',
        versionId: version.id,
        approvedScopes: ['org:read'],
        settings: {},
        installedBy: null,
      }),
    );
    await seedDemo(db.owner, createLogger('silent'));
    const after = await db.owner
      .selectFrom('app_installations')
      .select(['id', 'status', 'uninstalled_at'])
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(after.find((i) => i.id === legacy)).toMatchObject({ status: 'uninstalled' });
    expect(after.filter((i) => i.status !== 'uninstalled')).toHaveLength(1);
    const audit = await db.owner
      .selectFrom('audit_log')
      .select(['action'])
      .where('tenant_id', '=', tenantId)
      .where('target_id', '=', legacy)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['app.uninstall']);
  });
});
