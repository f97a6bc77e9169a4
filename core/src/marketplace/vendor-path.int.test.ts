import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendancePackage, generateVendorKeyPair } from './testing/fixtures.ts';
import { type MarketHarness, principal, startMarketHarness } from './testing/harness.ts';

/**
 * The vendor's whole path over HTTP: create → sign → publish → checks → reviewer approves →
 * school admin searches in Chinese → installs with consent → the app serves → upgrade with a
 * permission diff → suspend → the app stops → unsuspend → uninstall.
 */
let h: MarketHarness;
const key = generateVendorKeyPair();
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

type Call = (method: string, path: string, body?: unknown) => Promise<Response>;
let vendor: Call;
let reviewer: Call;
let admin: Call;
let teacher: Call;
let vendorId: string;

beforeAll(async () => {
  h = await startMarketHarness();
  vendor = h.as(principal(h.region.platform, 'platform', ['marketplace:publish'], '韦立新'));
  reviewer = h.as(principal(h.region.platform, 'platform', ['marketplace:review'], '蒙晓岚'));
  admin = h.as(principal(h.region.schoolA, 'school', ['apps:install'], '梁秀英'));
  teacher = h.as(principal(h.region.schoolA, 'school', [], '林美玲'));
});
afterAll(() => h?.close());

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

describe('the vendor path', () => {
  let installationId: string;

  it('creates a vendor, registers its key, publishes, and sees the check report', async () => {
    ({ id: vendorId } = await json<{ id: string }>(
      await vendor('POST', '/api/v1/marketplace/vendors', { name: '南宁智校科技有限公司' }),
      201,
    ));
    await json(
      await vendor('POST', `/api/v1/marketplace/vendors/${vendorId}/keys`, {
        publicKey: key.publicKeyPem,
        label: '发布密钥',
      }),
      201,
    );
    const archive = await attendancePackage(key, '1.0.0');
    const result = await json<{ status: string; risk: string; checks: Array<{ key: string; ok: boolean }> }>(
      await vendor('POST', `/api/v1/marketplace/vendors/${vendorId}/packages`, {
        package: b64(archive),
        changelog: '首个版本',
        category: 'management',
      }),
      201,
    );
    // The first version always waits for a human.
    expect(result.status).toBe('pending_review');
    expect(result.risk).toBe('low');
    expect(result.checks.map((c) => [c.key, c.ok])).toEqual([
      ['signature', true],
      ['manifest', true],
      ['engines', true],
      ['version', true],
      ['size', true],
      ['risk', true],
      ['smoke', true],
    ]);
    // Not installable before review, and not in the catalogue.
    const search = await json<{ items: unknown[] }>(
      await admin('GET', '/api/v1/marketplace/apps?q=考勤'),
      200,
    );
    expect(search.items).toEqual([]);
  });

  it('goes through review: the reviewer approves with a comment', async () => {
    const queue = await json<{ items: Array<{ versionId: string; firstVersion: boolean }> }>(
      await reviewer('GET', '/api/v1/marketplace/review/queue'),
      200,
    );
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]!.firstVersion).toBe(true);
    await json(await vendor('GET', '/api/v1/marketplace/review/queue'), 403);
    await json(
      await reviewer('POST', `/api/v1/marketplace/review/versions/${queue.items[0]!.versionId}/decision`, {
        decision: 'approve',
        comment: '功能与说明一致，权限最小够用',
      }),
      204,
    );
  });

  it('lets the vendor write a Markdown description that is sanitised on the detail page', async () => {
    await json(
      await vendor('PUT', '/api/v1/marketplace/apps/cn.nnzx.smart-attendance/listing', {
        summary: '刷卡到校、课堂点名、请假联动',
        descriptionMd: '## 功能\n\n- 闸机刷卡自动记录到校\n<script>alert(1)</script>',
        screenshots: ['https://cdn.example.cn/shot-1.png'],
        tags: ['考勤', '点名'],
      }),
      204,
    );
  });

  it('finds the app when a school admin searches in Chinese, and explains its permissions', async () => {
    for (const q of ['考勤', '勤', '考勤系统', '点名']) {
      const found = await json<{ items: Array<{ appId: string }> }>(
        await admin('GET', `/api/v1/marketplace/apps?q=${encodeURIComponent(q)}`),
        200,
      );
      expect(
        found.items.map((i) => i.appId),
        q,
      ).toEqual(['cn.nnzx.smart-attendance']);
    }
    const none = await json<{ items: unknown[] }>(
      await admin('GET', `/api/v1/marketplace/apps?q=${encodeURIComponent('排课')}`),
      200,
    );
    expect(none.items).toEqual([]);
    const detail = await json<{
      descriptionHtml: string;
      permissions: Array<{ scope: string; explanation: { zh: string } }>;
      versions: unknown[];
      vendor: { name: string };
    }>(await admin('GET', '/api/v1/marketplace/apps/cn.nnzx.smart-attendance'), 200);
    expect(detail.descriptionHtml).toContain('<li>闸机刷卡自动记录到校</li>');
    expect(detail.descriptionHtml).not.toContain('script');
    expect(detail.permissions[0]).toMatchObject({ scope: 'org:read' });
    expect(detail.permissions[0]!.explanation.zh).toContain('不包含任何个人信息');
    expect(detail.vendor.name).toBe('南宁智校科技有限公司');
    expect(detail.versions).toHaveLength(1);
  });

  it('installs with consent, and the app serves', async () => {
    const consent = await json<{
      permissions: Array<{ scope: string; risk: string }>;
      settingsSchema: unknown;
    }>(await admin('GET', '/api/v1/marketplace/apps/cn.nnzx.smart-attendance/consent'), 200);
    expect(consent.permissions).toEqual([expect.objectContaining({ scope: 'org:read', risk: 'low' })]);
    expect(consent.settingsSchema).toBeTruthy();
    await json(
      await admin('POST', '/api/v1/marketplace/installs', {
        appId: 'cn.nnzx.smart-attendance',
        approvedScopes: ['org:read'],
        consent: false,
      }),
      400,
    );
    ({ installationId } = await json<{ installationId: string }>(
      await admin('POST', '/api/v1/marketplace/installs', {
        appId: 'cn.nnzx.smart-attendance',
        approvedScopes: ['org:read'],
        consent: true,
      }),
      201,
    ));
    const ping = await json<{ ok: boolean; version: string }>(
      await teacher('GET', `/apps/${installationId}/api/ping`),
      200,
    );
    expect(ping).toMatchObject({ ok: true, version: '1.0.0' });
    // The install hook ran inside the school's installation.
    const days = await json<{ items: Array<{ note: string }> }>(
      await teacher('GET', `/apps/${installationId}/api/days`),
      200,
    );
    expect(days.items).toEqual([{ note: '安装完成' }]);
  });

  it('upgrades with a permission diff and asks for consent again when scopes grew', async () => {
    const archive = await attendancePackage(key, '1.1.0', { permissions: ['org:read', 'messages:send'] });
    const published = await json<{ status: string; autoApproved: boolean; risk: string }>(
      await vendor('POST', `/api/v1/marketplace/vendors/${vendorId}/packages`, {
        package: b64(archive),
        changelog: '新增到校通知',
      }),
      201,
    );
    // The scopes grew, so even with auto-approval on, a reviewer decides.
    expect(published).toMatchObject({ status: 'pending_review', autoApproved: false, risk: 'medium' });
    const queue = await json<{ items: Array<{ versionId: string }> }>(
      await reviewer('GET', '/api/v1/marketplace/review/queue'),
      200,
    );
    await json(
      await reviewer('POST', `/api/v1/marketplace/review/versions/${queue.items[0]!.versionId}/decision`, {
        decision: 'approve',
        comment: '通知功能合理',
      }),
      204,
    );

    const preview = await json<{
      toVersion: string;
      added: Array<{ scope: string; explanation: { zh: string } }>;
      needsConsent: boolean;
    }>(await admin('GET', `/api/v1/marketplace/installs/${installationId}/upgrade`), 200);
    expect(preview.toVersion).toBe('1.1.0');
    expect(preview.added.map((s) => s.scope)).toEqual(['messages:send']);
    expect(preview.added[0]!.explanation.zh).toContain('发送通知');
    expect(preview.needsConsent).toBe(true);
    const refused = await json<{ error: { code: string } }>(
      await admin('POST', `/api/v1/marketplace/installs/${installationId}/upgrade`, { consent: false }),
      409,
    );
    expect(refused.error.code).toBe('consent_required');
    await json(
      await admin('POST', `/api/v1/marketplace/installs/${installationId}/upgrade`, { consent: true }),
      200,
    );
    const ping = await json<{ version: string }>(
      await teacher('GET', `/apps/${installationId}/api/ping`),
      200,
    );
    expect(ping.version).toBe('1.1.0');
  });

  it('auto-approves a later version whose scopes did not grow, and rolls back to the one before', async () => {
    const archive = await attendancePackage(key, '1.1.1', { permissions: ['org:read', 'messages:send'] });
    const published = await json<{ status: string; autoApproved: boolean }>(
      await vendor('POST', `/api/v1/marketplace/vendors/${vendorId}/packages`, {
        package: b64(archive),
        changelog: '修复迟到判定',
      }),
      201,
    );
    expect(published).toMatchObject({ status: 'approved', autoApproved: true });
    await json(
      await admin('POST', `/api/v1/marketplace/installs/${installationId}/upgrade`, { consent: false }),
      200,
    );
    expect(
      (await json<{ version: string }>(await teacher('GET', `/apps/${installationId}/api/ping`), 200))
        .version,
    ).toBe('1.1.1');
    const back = await json<{ toVersion: string }>(
      await admin('POST', `/api/v1/marketplace/installs/${installationId}/rollback`),
      200,
    );
    expect(back.toVersion).toBe('1.1.0');
    expect(
      (await json<{ version: string }>(await teacher('GET', `/apps/${installationId}/api/ping`), 200))
        .version,
    ).toBe('1.1.0');
  });

  it('stops every installation at once when a reviewer suspends the app, tells the admins, and resumes on unsuspend', async () => {
    const suspended = await json<{ affectedInstallations: number }>(
      await reviewer('POST', '/api/v1/marketplace/review/apps/cn.nnzx.smart-attendance/suspension', {
        on: true,
        reason: '收到数据外泄举报，暂停核查',
      }),
      200,
    );
    expect(suspended.affectedInstallations).toBe(1);
    const stopped = await json<{ error: { code: string } }>(
      await teacher('GET', `/apps/${installationId}/api/ping`),
      403,
    );
    expect(stopped.error.code).toBe('installation_suspended');
    expect(h.notices.at(-1)).toMatchObject({
      tenantIds: [h.region.schoolA],
      title: expect.stringContaining('暂停'),
    });
    const hidden = await json<{ items: unknown[] }>(
      await admin('GET', `/api/v1/marketplace/apps?q=${encodeURIComponent('考勤')}`),
      200,
    );
    expect(hidden.items).toEqual([]);
    await json(
      await reviewer('POST', '/api/v1/marketplace/review/apps/cn.nnzx.smart-attendance/suspension', {
        on: false,
        reason: '核查无问题',
      }),
      200,
    );
    await json(await teacher('GET', `/apps/${installationId}/api/ping`), 200);
  });

  it('suspends a single version the same way', async () => {
    const vendorView = await json<{ items: Array<{ versions: Array<{ id: string; version: string }> }> }>(
      await vendor('GET', `/api/v1/marketplace/vendors/${vendorId}/apps`),
      200,
    );
    const v110 = vendorView.items[0]!.versions.find((v) => v.version === '1.1.0')!;
    await json(
      await reviewer('POST', `/api/v1/marketplace/review/versions/${v110.id}/suspension`, {
        on: true,
        reason: '该版本存在缺陷',
      }),
      200,
    );
    await json(await teacher('GET', `/apps/${installationId}/api/ping`), 403);
    await json(
      await reviewer('POST', `/api/v1/marketplace/review/versions/${v110.id}/suspension`, {
        on: false,
        reason: '已确认',
      }),
      200,
    );
    await json(await teacher('GET', `/apps/${installationId}/api/ping`), 200);
  });

  it('delists an app from the catalogue while the installed copies keep working, and relists it', async () => {
    await json(
      await reviewer('POST', '/api/v1/marketplace/review/apps/cn.nnzx.smart-attendance/delisting', {
        on: true,
        reason: '说明材料不全',
      }),
      204,
    );
    expect(
      (await json<{ items: unknown[] }>(await admin('GET', '/api/v1/marketplace/apps?sort=newest'), 200))
        .items,
    ).toEqual([]);
    await json(await admin('GET', '/api/v1/marketplace/apps/cn.nnzx.smart-attendance'), 404);
    await json(await teacher('GET', `/apps/${installationId}/api/ping`), 200);
    await json(
      await reviewer('POST', '/api/v1/marketplace/review/apps/cn.nnzx.smart-attendance/delisting', {
        on: false,
        reason: '已补齐',
      }),
      204,
    );
    const listed = await json<{ items: Array<{ appId: string; installs: number }> }>(
      await admin('GET', '/api/v1/marketplace/apps?sort=installs&category=management'),
      200,
    );
    expect(listed.items).toEqual([
      expect.objectContaining({ appId: 'cn.nnzx.smart-attendance', installs: 1 }),
    ]);
  });

  it('counts installs and daily active users for the vendor, without personal data', async () => {
    await h.market.usage.rollup();
    const stats = await json<{
      installs: number;
      dailyActiveUsers: Array<{ installationId: string; series: Array<{ activeUsers: number }> }>;
    }>(await vendor('GET', '/api/v1/marketplace/apps/cn.nnzx.smart-attendance/stats'), 200);
    expect(stats.installs).toBe(1);
    expect(stats.dailyActiveUsers).toEqual([
      { installationId, series: [expect.objectContaining({ activeUsers: 1 })] },
    ]);
    expect(JSON.stringify(stats)).not.toMatch(/林美玲|person/);
  });

  it('uninstalls: the data is kept for the grace period and can be exported', async () => {
    const result = await json<{ purgeAfter: string }>(
      await admin('DELETE', `/api/v1/marketplace/installs/${installationId}`),
      200,
    );
    expect(new Date(result.purgeAfter).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await json(await teacher('GET', `/apps/${installationId}/api/ping`), 404);
    const exported = await json<{ collections: { days: unknown[] } }>(
      await admin('GET', `/api/v1/apps/installations/${installationId}/export`),
      200,
    );
    expect(exported.collections.days).toHaveLength(1);
  });

  it('documents the marketplace routes in the OpenAPI document', async () => {
    const doc = await json<{ paths: Record<string, unknown> }>(await h.app.request('/api/openapi.json'), 200);
    for (const path of [
      '/api/v1/marketplace/apps',
      '/api/v1/marketplace/vendors/{vendorId}/packages',
      '/api/v1/marketplace/review/queue',
      '/api/v1/marketplace/installs/{id}/upgrade',
      '/api/v1/marketplace/bureau/picks',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});
