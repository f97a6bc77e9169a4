import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { createLogger } from '../logger.ts';
import { insertTenant } from '../tenancy/tenancy.repository.ts';
import { type DeploymentWorker, startDeploymentWorker } from './deployments.ts';
import { servingListener } from './serving-events.ts';
import { type MarketHarness, principal, startMarketHarness } from './testing/harness.ts';
import { type Call, json, publishApproved } from './testing/publish.ts';

/**
 * Issue: a school created after a bureau's recommendation or mandatory deployment must receive
 * it. Picks are read by ancestry; deployments are installed by the node's worker on tenant changes
 * (NOTIFY from the tenants trigger) and by its periodic sweep, with the bureau's recorded consent.
 */
let h: MarketHarness;
let listener: ReturnType<typeof servingListener>;
let worker: DeploymentWorker;
let bureau: Call;
let adminA: Call;
let otherCounty: string;
const DEPLOYED = 'cn.nnzx.smart-attendance';
const RECOMMENDED = 'cn.nnzx.class-notices';
let deployPick: string;

const schoolAdmin = (tenantId: string, name = '新校管理员'): Principal =>
  principal(tenantId, 'school', ['apps:install'], name);
const live = (tenantId: string, appId: string) =>
  h.db.owner
    .selectFrom('app_installations')
    .select(['id', 'approved_scopes'])
    .where('tenant_id', '=', tenantId)
    .where('app_id', '=', appId)
    .where('status', '<>', 'uninstalled')
    .execute();
let seq = 0;
const newSchool = async (parentId: string, name: string) =>
  (
    await insertTenant(h.db.owner, {
      parentId,
      kind: 'school',
      name,
      code: `21450109${String(++seq).padStart(2, '0')}`,
    })
  ).id;

beforeAll(async () => {
  h = await startMarketHarness();
  const r = h.region;
  await publishApproved(
    h,
    {
      vendor: principal(r.platform, 'platform', ['marketplace:publish'], '韦立新'),
      reviewer: principal(r.platform, 'platform', ['marketplace:review'], '蒙晓岚'),
    },
    [
      { id: DEPLOYED, permissions: ['org:read'] },
      { id: RECOMMENDED, permissions: ['org:read'] },
    ],
  );
  bureau = h.as(principal(r.county, 'county', ['bureau:aggregates:read'], '黄伟明'));
  adminA = h.as(schoolAdmin(r.schoolA, '梁秀英'));
  otherCounty = (
    await h.db.owner.selectFrom('tenants').select('id').where('code', '=', '450102').executeTakeFirstOrThrow()
  ).id;
  // This node's marketplace listener and deployment worker, as platform.ts starts them.
  const logger = createLogger('silent');
  listener = servingListener(h.db.ownerUrl, logger, h.apps.runtime);
  worker = startDeploymentWorker({ market: h.market, owner: h.db.owner, listener, logger });
  await listener.start();
  await json(
    await bureau('POST', '/api/v1/marketplace/bureau/picks', {
      appId: RECOMMENDED,
      mode: 'recommend',
      note: '推荐各校试用',
    }),
    201,
  );
  const deployed = await json<{ pickId: string; schools: number; installed: number }>(
    await bureau('POST', '/api/v1/marketplace/bureau/picks', {
      appId: DEPLOYED,
      mode: 'deploy',
      mandatory: true,
      consent: true,
      approvedScopes: ['org:read'],
      note: '全区统一使用',
    }),
    201,
  );
  expect(deployed).toMatchObject({ schools: 2, installed: 2 });
  deployPick = deployed.pickId;
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await listener?.close();
  await h?.close();
});

describe('a school created after the bureau picked', () => {
  let school: string;
  let admin: Call;

  beforeAll(async () => {
    school = await newSchool(h.region.county, '青秀区新建第一小学');
    admin = h.as(schoolAdmin(school));
  });

  it('gets the mandatory deployment installed by the worker, with the scopes the bureau consented to', async () => {
    await expect.poll(async () => (await live(school, DEPLOYED)).length, { timeout: 30_000 }).toBe(1);
    const [installation] = await live(school, DEPLOYED);
    expect(installation!.approved_scopes).toEqual(['org:read']);
    // Its admins are told, once, through the worker's marketplace messenger: the last step of an
    // install, after the consent audit, so the next test finds that written too.
    await expect
      .poll(() => h.notices.filter((n) => n.tenantIds.includes(school)).map((n) => n.title), {
        timeout: 30_000,
      })
      .toEqual([expect.stringMatching(/^青秀区教育局统一部署了「.+」$/)]);
    // The install hook ran in the sandbox for the new school: its first document is there.
    const teacher = h.as(principal(school, 'school', [], '林老师'));
    const days = await json<{ items: Array<{ note: string }> }>(
      await teacher('GET', `/apps/${installation!.id}/api/days`),
      200,
    );
    expect(days.items).toEqual([{ note: '安装完成' }]);
  });

  it("records the bureau's consent with the installation, and audits it as the bureau's", async () => {
    const [installation] = await live(school, DEPLOYED);
    const consent = await h.db.owner
      .selectFrom('market_install_history')
      .select(['consent_by', 'bureau_pick_id', 'actor_person_id', 'approved_scopes', 'scopes_sha256'])
      .where('installation_id', '=', installation!.id)
      .executeTakeFirstOrThrow();
    expect(consent).toMatchObject({
      consent_by: 'bureau',
      bureau_pick_id: deployPick,
      actor_person_id: null,
      approved_scopes: ['org:read'],
    });
    const audit = await h.db.owner
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('tenant_id', '=', school)
      .where('action', '=', 'marketplace.install')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({
      consentBy: 'bureau',
      bureau: '青秀区教育局',
      pickId: deployPick,
      scopesSha256: consent.scopes_sha256,
    });
  });

  it('sees the recommendation and the deployment, read by ancestry', async () => {
    const picks = await json<{ items: Array<Record<string, unknown>> }>(
      await admin('GET', '/api/v1/marketplace/picks'),
      200,
    );
    const [installation] = await live(school, DEPLOYED);
    expect(picks.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          appId: RECOMMENDED,
          label: '推荐',
          note: '推荐各校试用',
          installationId: null,
        }),
        expect.objectContaining({
          appId: DEPLOYED,
          label: '统一部署',
          mandatory: true,
          bureau: '青秀区教育局',
          installationId: installation!.id,
        }),
      ]),
    );
    expect(picks.items).toHaveLength(2);
    const consent = await json<{ picks: unknown[] }>(
      await admin('GET', `/api/v1/marketplace/apps/${RECOMMENDED}/consent`),
      200,
    );
    expect(consent.picks).toEqual([{ bureau: '青秀区教育局', mode: 'recommend', mandatory: false }]);
  });

  it('cannot remove or disable the mandatory app', async () => {
    const [installation] = await live(school, DEPLOYED);
    const refused = await json<{ error: { code: string } }>(
      await admin('DELETE', `/api/v1/marketplace/installs/${installation!.id}`),
      403,
    );
    expect(refused.error.code).toBe('mandatory_app');
    await json(await admin('POST', `/api/v1/apps/installations/${installation!.id}/disable`), 403);
  });
});

describe('outside the subtree, and moving into it', () => {
  it('gives a school under another county nothing, until it moves under the bureau', async () => {
    const far = await newSchool(otherCounty, '兴宁区新建小学');
    await worker.reconcile();
    expect(await live(far, DEPLOYED)).toEqual([]);
    const farAdmin = h.as(schoolAdmin(far));
    expect(
      (await json<{ items: unknown[] }>(await farAdmin('GET', '/api/v1/marketplace/picks'), 200)).items,
    ).toEqual([]);
    // Its app-role scope cannot read the county's picks either (the row-level policy is the wall).
    const visible = await withTenant(h.db.app, far, (trx) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM market_bureau_picks`.execute(trx),
    );
    expect(visible.rows[0]!.n).toBe(0);

    // Moved under 青秀区 (the tenants trigger announces it): the deployment follows.
    const county = await h.db.owner
      .selectFrom('tenants')
      .select('path')
      .where('id', '=', h.region.county)
      .executeTakeFirstOrThrow();
    await h.db.owner
      .updateTable('tenants')
      .set({ parent_id: h.region.county, path: `${county.path}${far}/`, updated_at: new Date() })
      .where('id', '=', far)
      .execute();
    await expect.poll(async () => (await live(far, DEPLOYED)).length, { timeout: 30_000 }).toBe(1);
    const picks = await json<{ items: Array<{ appId: string }> }>(
      await farAdmin('GET', '/api/v1/marketplace/picks'),
      200,
    );
    expect(picks.items.map((p) => p.appId).sort()).toEqual([RECOMMENDED, DEPLOYED].sort());
  });

  it('leaves the original schools as they were: one installation each, however often it runs', async () => {
    await worker.reconcile();
    await worker.reconcile();
    for (const school of [h.region.schoolA, h.region.schoolB])
      expect(await live(school, DEPLOYED)).toHaveLength(1);
    expect(await live(h.region.schoolFar, DEPLOYED)).toEqual([]);
  });
});

describe('deployments that are not mandatory, and withdrawn picks', () => {
  it('installs a deployment once per school: a school that removed it is not overruled, a new school gets it', async () => {
    // The bureau now deploys the recommended app (not mandatory): this replaces the recommendation.
    await json(
      await bureau('POST', '/api/v1/marketplace/bureau/picks', {
        appId: RECOMMENDED,
        mode: 'deploy',
        consent: true,
      }),
      201,
    );
    const [inA] = await live(h.region.schoolA, RECOMMENDED);
    await json(await adminA('DELETE', `/api/v1/marketplace/installs/${inA!.id}`), 200);
    await worker.reconcile();
    expect(await live(h.region.schoolA, RECOMMENDED)).toEqual([]);
    const later = await newSchool(h.region.county, '青秀区新建第二小学');
    await expect.poll(async () => (await live(later, RECOMMENDED)).length, { timeout: 30_000 }).toBe(1);
  });

  it('refuses a deployment without the bureau consenting to the scopes', async () => {
    const refused = await json<{ error: { code: string } }>(
      await bureau('POST', '/api/v1/marketplace/bureau/picks', { appId: DEPLOYED, mode: 'deploy' }),
      400,
    );
    expect(refused.error.code).toBe('consent_required');
  });

  it('after a withdrawal, schools stop seeing the pick and may remove the app; new schools get nothing', async () => {
    const sent = await json<{ items: Array<{ id: string; appId: string }> }>(
      await bureau('GET', '/api/v1/marketplace/bureau/picks'),
      200,
    );
    expect(sent.items.find((p) => p.appId === DEPLOYED)?.id).toBe(deployPick);
    await json(await adminA('DELETE', `/api/v1/marketplace/bureau/picks/${deployPick}`), 403);
    await json(await bureau('DELETE', `/api/v1/marketplace/bureau/picks/${deployPick}`), 204);
    await json(await bureau('DELETE', `/api/v1/marketplace/bureau/picks/${deployPick}`), 404);
    const picks = await json<{ items: Array<{ appId: string }> }>(
      await adminA('GET', '/api/v1/marketplace/picks'),
      200,
    );
    expect(picks.items.map((p) => p.appId)).not.toContain(DEPLOYED);
    const [inA] = await live(h.region.schoolA, DEPLOYED);
    await json(await adminA('DELETE', `/api/v1/marketplace/installs/${inA!.id}`), 200);
    const latest = await newSchool(h.region.county, '青秀区新建第三小学');
    await worker.reconcile();
    expect(await live(latest, DEPLOYED)).toEqual([]);
  });
});
