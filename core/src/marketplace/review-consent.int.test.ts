import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendancePackage } from './testing/fixtures.ts';
import { type MarketHarness, principal, startMarketHarness } from './testing/harness.ts';
import { type Call, json, publishApproved } from './testing/publish.ts';

/**
 * Issues: no path installs an app without recorded consent to its scopes (the runtime's old install
 * route is refused), and reviewers (and the owning vendor) see every version with its id and state,
 * suspended apps included, and read the auto-approval policy; nobody else does.
 */
let h: MarketHarness;
let vendor: Call;
let otherVendor: Call;
let reviewer: Call;
let adminA: Call;
let adminPersonId: string;
let vendorId: string;
let key: Awaited<ReturnType<typeof publishApproved>>['key'];
let firstVersionId: string;
const APP = 'cn.nnzx.smart-attendance';

const live = (tenantId: string) =>
  h.db.owner
    .selectFrom('app_installations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('app_id', '=', APP)
    .where('status', '<>', 'uninstalled')
    .execute();
const publish = async (version: string) =>
  json<{ versionId: string; status: string }>(
    await vendor('POST', `/api/v1/marketplace/vendors/${vendorId}/packages`, {
      package: Buffer.from(await attendancePackage(key, version)).toString('base64'),
      changelog: `版本 ${version}`,
    }),
    201,
  );

beforeAll(async () => {
  h = await startMarketHarness();
  const r = h.region;
  const published = await publishApproved(
    h,
    {
      vendor: principal(r.platform, 'platform', ['marketplace:publish'], '韦立新'),
      reviewer: principal(r.platform, 'platform', ['marketplace:review'], '蒙晓岚'),
    },
    [{ id: APP, permissions: ['org:read'] }],
  );
  ({ vendor, reviewer, vendorId, key } = published);
  firstVersionId = published.versions[APP]!;
  otherVendor = h.as(principal(r.platform, 'platform', ['marketplace:publish'], '覃小明'));
  await json(await otherVendor('POST', '/api/v1/marketplace/vendors', { name: '邕城软件有限公司' }), 201);
  const admin = principal(r.schoolA, 'school', ['apps:install'], '梁秀英');
  adminPersonId = admin.personId;
  adminA = h.as(admin);
}, 120_000);
afterAll(() => h?.close());

describe('install consent', () => {
  it("refuses the runtime's old install route: no installation without the marketplace's consent", async () => {
    const refused = await json<{ error: { code: string } }>(
      await adminA('POST', '/api/v1/apps/installations', { appId: APP, approvedScopes: ['org:read'] }),
      403,
    );
    expect(refused.error.code).toBe('install_through_marketplace');
    expect(await live(h.region.schoolA)).toEqual([]);
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(
      await h.app.request('/api/openapi.json'),
      200,
    );
    expect(Object.keys(doc.paths['/api/v1/apps/installations'] ?? {})).toEqual(['get']);
  });

  it('refuses an install whose consent screen showed an older version', async () => {
    const outdated = await json<{ error: { code: string } }>(
      await adminA('POST', '/api/v1/marketplace/installs', {
        appId: APP,
        approvedScopes: ['org:read'],
        consent: true,
        version: '0.9.0',
      }),
      409,
    );
    expect(outdated.error.code).toBe('consent_outdated');
    expect(await live(h.region.schoolA)).toEqual([]);
  });

  it("installs through the marketplace with the admin's consent recorded: who, which version, the exact scopes", async () => {
    const screen = await json<{ version: string; scopesSha256: string }>(
      await adminA('GET', `/api/v1/marketplace/apps/${APP}/consent`),
      200,
    );
    const installed = await json<{ installationId: string }>(
      await adminA('POST', '/api/v1/marketplace/installs', {
        appId: APP,
        approvedScopes: ['org:read'],
        consent: true,
        version: screen.version,
      }),
      201,
    );
    const record = await h.db.owner
      .selectFrom('market_install_history')
      .select(['consent_by', 'actor_person_id', 'approved_scopes', 'scopes_sha256', 'market_version_id'])
      .where('installation_id', '=', installed.installationId)
      .executeTakeFirstOrThrow();
    const sha = createHash('sha256').update('org:read').digest('hex');
    expect(record).toEqual({
      consent_by: 'school',
      actor_person_id: adminPersonId,
      approved_scopes: ['org:read'],
      scopes_sha256: sha,
      market_version_id: firstVersionId,
    });
    expect(screen.scopesSha256).toBe(sha);
  });

  it('creates no installation when its consent record cannot be written (one transaction)', async () => {
    await expect(
      h.apps.installations.install(
        h.region.schoolB,
        { appId: APP, approvedScopes: ['org:read'] },
        { personId: null, requestId: 'test' },
        async () => {
          throw new Error('consent record not written');
        },
      ),
    ).rejects.toThrow('consent record not written');
    expect(await live(h.region.schoolB)).toEqual([]);
  });
});

describe('the reviewer console', () => {
  it('reads the auto-approval policy, and shows a change', async () => {
    expect(await json(await reviewer('GET', '/api/v1/marketplace/review/policy'), 200)).toEqual({
      autoApproveUpdates: true,
      updatedAt: expect.any(String),
    });
    await json(
      await reviewer('PUT', '/api/v1/marketplace/review/policy', { autoApproveUpdates: false }),
      204,
    );
    const policy = await json<{ autoApproveUpdates: boolean; updatedAt: string }>(
      await reviewer('GET', '/api/v1/marketplace/review/policy'),
      200,
    );
    expect(policy.autoApproveUpdates).toBe(false);
    expect(Date.parse(policy.updatedAt)).not.toBeNaN();
  });

  it('lists every version with its id, state, times and comment, for a suspended app too', async () => {
    const rejected = await publish('1.1.0');
    expect(rejected.status).toBe('pending_review');
    await json(
      await reviewer('POST', `/api/v1/marketplace/review/versions/${rejected.versionId}/decision`, {
        decision: 'reject',
        comment: '界面文字有误，请修改后重新提交',
      }),
      204,
    );
    const pending = await publish('1.2.0');
    await json(
      await reviewer('POST', `/api/v1/marketplace/review/versions/${firstVersionId}/suspension`, {
        on: true,
        reason: '发现越权读取',
      }),
      200,
    );
    await json(
      await reviewer('POST', `/api/v1/marketplace/review/apps/${APP}/suspension`, {
        on: true,
        reason: '全面核查',
      }),
      200,
    );
    const record = await json<{
      suspended: boolean;
      suspendReason: string;
      versions: Array<Record<string, unknown>>;
      log: Array<{ action: string; comment: string }>;
    }>(await reviewer('GET', `/api/v1/marketplace/apps/${APP}/versions`), 200);
    expect(record.suspended).toBe(true);
    expect(record.suspendReason).toBe('全面核查');
    expect(record.versions).toEqual([
      expect.objectContaining({
        id: pending.versionId,
        version: '1.2.0',
        state: 'pending',
        reviewedAt: null,
      }),
      expect.objectContaining({
        id: rejected.versionId,
        version: '1.1.0',
        state: 'rejected',
        reviewComment: '界面文字有误，请修改后重新提交',
      }),
      expect.objectContaining({ id: firstVersionId, version: '1.0.0', state: 'suspended', installations: 1 }),
    ]);
    expect(typeof record.versions[2]!.reviewedAt).toBe('string');
    expect(record.log.map((l) => l.action)).toEqual(
      expect.arrayContaining(['suspend_app', 'suspend_version']),
    );
    // The app's own vendor sees the same record.
    await json(await vendor('GET', `/api/v1/marketplace/apps/${APP}/versions`), 200);
  });

  it('finds every app for the picker, suspended ones included', async () => {
    const found = await json<{ items: Array<Record<string, unknown>> }>(
      await reviewer('GET', `/api/v1/marketplace/review/apps?q=${encodeURIComponent('考勤')}`),
      200,
    );
    expect(found.items).toEqual([
      expect.objectContaining({ appId: APP, suspended: true, versions: 3, pending: 1, suspendedVersions: 1 }),
    ]);
    expect(
      (await json<{ items: unknown[] }>(await reviewer('GET', '/api/v1/marketplace/review/apps?q=%25'), 200))
        .items,
    ).toEqual([]);
  });

  it('refuses school admins, teachers and other vendors (403), without telling whether an app exists', async () => {
    const teacher = h.as(principal(h.region.schoolA, 'school', [], '林美玲'));
    for (const call of [adminA, teacher]) {
      await json(await call('GET', '/api/v1/marketplace/review/policy'), 403);
      await json(await call('GET', '/api/v1/marketplace/review/apps'), 403);
      await json(await call('GET', `/api/v1/marketplace/apps/${APP}/versions`), 403);
    }
    await json(await otherVendor('GET', `/api/v1/marketplace/apps/${APP}/versions`), 403);
    await json(await otherVendor('GET', '/api/v1/marketplace/apps/cn.nobody.nothing/versions'), 403);
    await json(await reviewer('GET', '/api/v1/marketplace/apps/cn.nobody.nothing/versions'), 404);
  });
});
