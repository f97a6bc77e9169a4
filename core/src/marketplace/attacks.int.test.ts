import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendancePackage, generateVendorKeyPair } from './testing/fixtures.ts';
import { type MarketHarness, principal, startMarketHarness } from './testing/harness.ts';
import { packFiles } from '@campusbase/plugin-sdk/package';
import { unzipSync } from 'fflate';
import { loadBundle } from '../apps/registry.ts';
import { createLogger } from '../logger.ts';
import { startServingEvents } from './serving-events.ts';

/** Each attack the issue names is rejected; so are the bureau's limits and the key lifecycle's. */
let h: MarketHarness;
type Call = (method: string, path: string, body?: unknown) => Promise<Response>;
let vendorA: Call;
let vendorB: Call;
let reviewer: Call;
let adminA: Call;
let adminB: Call;
let adminFar: Call;
let teacherA: Call;
let bureau: Call;
let vendorAId: string;
let vendorBId: string;
const keyA = generateVendorKeyPair();
const keyB = generateVendorKeyPair();
const APP = 'cn.nnzx.smart-attendance';
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}
const publish = (call: Call, vendorId: string, archive: Uint8Array) =>
  call('POST', `/api/v1/marketplace/vendors/${vendorId}/packages`, {
    package: b64(archive),
    changelog: '测试',
  });

beforeAll(async () => {
  h = await startMarketHarness();
  const r = h.region;
  vendorA = h.as(principal(r.platform, 'platform', ['marketplace:publish'], '韦立新'));
  vendorB = h.as(principal(r.platform, 'platform', ['marketplace:publish'], '覃小明'));
  reviewer = h.as(principal(r.platform, 'platform', ['marketplace:review'], '蒙晓岚'));
  adminA = h.as(principal(r.schoolA, 'school', ['apps:install'], '梁秀英'));
  adminB = h.as(principal(r.schoolB, 'school', ['apps:install'], '黄丽'));
  adminFar = h.as(principal(r.schoolFar, 'school', ['apps:install'], '陆海'));
  teacherA = h.as(principal(r.schoolA, 'school', [], '林美玲'));
  bureau = h.as(principal(r.county, 'county', ['bureau:aggregates:read'], '黄伟明'));
  ({ id: vendorAId } = await json<{ id: string }>(
    await vendorA('POST', '/api/v1/marketplace/vendors', { name: '南宁智校科技有限公司' }),
    201,
  ));
  ({ id: vendorBId } = await json<{ id: string }>(
    await vendorB('POST', '/api/v1/marketplace/vendors', { name: '邕城软件有限公司' }),
    201,
  ));
  await json(
    await vendorA('POST', `/api/v1/marketplace/vendors/${vendorAId}/keys`, { publicKey: keyA.publicKeyPem }),
    201,
  );
  await json(
    await vendorB('POST', `/api/v1/marketplace/vendors/${vendorBId}/keys`, { publicKey: keyB.publicKeyPem }),
    201,
  );
  await json(await publish(vendorA, vendorAId, await attendancePackage(keyA, '1.0.0')), 201);
  const queue = await json<{ items: Array<{ versionId: string }> }>(
    await reviewer('GET', '/api/v1/marketplace/review/queue'),
    200,
  );
  await json(
    await reviewer('POST', `/api/v1/marketplace/review/versions/${queue.items[0]!.versionId}/decision`, {
      decision: 'approve',
      comment: '通过',
    }),
    204,
  );
});
afterAll(() => h?.close());

describe('attacks on the marketplace', () => {
  it('refuses a forged signature, and a package altered after signing', async () => {
    const forged = generateVendorKeyPair();
    const bad = await json<{ error: { code: string } }>(
      await publish(vendorA, vendorAId, await attendancePackage(forged, '2.0.0')),
      400,
    );
    expect(bad.error.code).toBe('package_signature_invalid');
    // Swap the bundle inside a correctly signed archive: the signed digest list no longer matches.
    const files = new Map(Object.entries(unzipSync(await attendancePackage(keyA, '2.0.0'))));
    files.set('server.mjs', new TextEncoder().encode('export default {}; // 后门'));
    const digests = files.get('DIGESTS.json')!;
    const signature = files.get('SIGNATURE.json')!;
    files.delete('DIGESTS.json');
    files.delete('SIGNATURE.json');
    const repacked = new Map(Object.entries(unzipSync(packFiles(files))));
    repacked.set('DIGESTS.json', digests);
    repacked.set('SIGNATURE.json', signature);
    const { zipSync } = await import('fflate');
    const tampered = await json<{ error: { code: string } }>(
      await publish(vendorA, vendorAId, zipSync(Object.fromEntries(repacked))),
      400,
    );
    expect(tampered.error.code).toBe('package_digest_mismatch');
  });

  it('refuses a version downgrade, with the report saying why', async () => {
    const report = await json<{ status: string; checks: Array<{ key: string; ok: boolean }> }>(
      await publish(vendorA, vendorAId, await attendancePackage(keyA, '0.9.0')),
      422,
    );
    expect(report.status).toBe('failed');
    expect(report.checks.find((c) => c.key === 'version')?.ok).toBe(false);
    const again = await json<{ checks: Array<{ key: string; ok: boolean }> }>(
      await publish(vendorA, vendorAId, await attendancePackage(keyA, '1.0.0')),
      422,
    );
    expect(again.checks.find((c) => c.key === 'version')?.ok).toBe(false);
  });

  it('fails the smoke run of a version whose install hook throws', async () => {
    const report = await json<{ checks: Array<{ key: string; ok: boolean }> }>(
      await publish(vendorA, vendorAId, await attendancePackage(keyA, '1.0.1', { failInstall: true })),
      422,
    );
    expect(report.checks.find((c) => c.key === 'smoke')?.ok).toBe(false);
  });

  it("refuses a vendor editing another vendor's app", async () => {
    const denied = await json<{ error: { code: string } }>(
      await publish(vendorB, vendorBId, await attendancePackage(keyB, '3.0.0')),
      403,
    );
    expect(denied.error.code).toBe('app_owned_by_other_vendor');
    await json(await vendorB('PUT', `/api/v1/marketplace/apps/${APP}/listing`, { summary: '已被篡改' }), 403);
    // Nor can vendor B publish under vendor A's organisation.
    await json(await publish(vendorB, vendorAId, await attendancePackage(keyB, '3.0.0')), 403);
  });

  it("keeps a school admin inside their own school's installations", async () => {
    const { installationId: inB } = await json<{ installationId: string }>(
      await adminB('POST', '/api/v1/marketplace/installs', {
        appId: APP,
        approvedScopes: ['org:read'],
        consent: true,
      }),
      201,
    );
    // School A's admin names school B's installation: it does not exist for them.
    await json(await adminA('DELETE', `/api/v1/marketplace/installs/${inB}`), 404);
    await json(await adminA('POST', `/api/v1/marketplace/installs/${inB}/rollback`), 404);
    // A smuggled tenant id is ignored: the install lands in the caller's own school.
    const { installationId: inA } = await json<{ installationId: string }>(
      await adminA('POST', '/api/v1/marketplace/installs', {
        appId: APP,
        approvedScopes: ['org:read'],
        consent: true,
        tenantId: h.region.schoolB,
      }),
      201,
    );
    const rows = await h.db.owner
      .selectFrom('app_installations')
      .select(['id', 'tenant_id'])
      .where('app_id', '=', APP)
      .execute();
    expect(rows.find((r) => r.id === inA)?.tenant_id).toBe(h.region.schoolA);
    // A teacher is not an app admin.
    await json(
      await teacherA('POST', '/api/v1/marketplace/installs', {
        appId: APP,
        approvedScopes: [],
        consent: true,
      }),
      403,
    );
  });

  it('takes reviews only from people of schools that installed the app', async () => {
    const denied = await json<{ error: { code: string } }>(
      await adminFar('POST', `/api/v1/marketplace/apps/${APP}/reviews`, { rating: 1, body: '差评' }),
      403,
    );
    expect(denied.error.code).toBe('school_not_installed');
    await json(
      await teacherA('POST', `/api/v1/marketplace/apps/${APP}/reviews`, { rating: 5, body: '点名很方便' }),
      204,
    );
    const detail = await json<{
      rating: number;
      reviews: Array<{ author: string; school: string; body: string }>;
    }>(await adminFar('GET', `/api/v1/marketplace/apps/${APP}`), 200);
    expect(detail.rating).toBe(5);
    expect(detail.reviews).toEqual([expect.objectContaining({ author: '林**', body: '点名很方便' })]);
  });

  it('refuses a bundle tampered with after approval: at install time, and the runtime at load time', async () => {
    const installed = await h.db.owner
      .selectFrom('app_installations')
      .select(['id', 'tenant_id', 'version_id'])
      .where('tenant_id', '=', h.region.schoolA)
      .where('app_id', '=', APP)
      .executeTakeFirstOrThrow();
    await json(await teacherA('GET', `/apps/${installed.id}/api/ping`), 200);
    await sql`UPDATE app_versions SET bundle = bundle || '\n// injected' WHERE id = ${installed.version_id}`.execute(
      h.db.owner,
    );
    // A worker that (re)loads the bundle checks it against the digest the runtime stored: refused.
    const stored = await h.db.owner
      .selectFrom('app_versions')
      .select('bundle_digest')
      .where('id', '=', installed.version_id)
      .executeTakeFirstOrThrow();
    await expect(loadBundle(h.db.owner, installed.version_id, stored.bundle_digest!)).rejects.toThrow(
      /does not match its digest/,
    );
    // Another school cannot install the altered version: its stored digests no longer match the signed list.
    const blocked = await json<{ error: { code: string } }>(
      await adminFar('POST', '/api/v1/marketplace/installs', {
        appId: APP,
        approvedScopes: ['org:read'],
        consent: true,
      }),
      403,
    );
    expect(blocked.error.code).toBe('package_tampered');
  });
});

describe('bureau picks and keys', () => {
  it('lets a bureau deploy an app as mandatory to the schools below it only', async () => {
    await sql`UPDATE app_versions SET bundle = regexp_replace(bundle, '\n// injected$', '')`.execute(
      h.db.owner,
    );
    await json(
      await adminA('POST', '/api/v1/marketplace/bureau/picks', { appId: APP, mode: 'recommend' }),
      403,
    );
    const done = await json<{ schools: number }>(
      await bureau('POST', '/api/v1/marketplace/bureau/picks', {
        appId: APP,
        mode: 'deploy',
        mandatory: true,
        consent: true,
        note: '全区统一使用',
      }),
      201,
    );
    expect(done.schools).toBe(2);
    const picks = await json<{ items: Array<{ label: string; mandatory: boolean; bureau: string }> }>(
      await adminB('GET', '/api/v1/marketplace/picks'),
      200,
    );
    expect(picks.items).toEqual([
      expect.objectContaining({ label: '统一部署', mandatory: true, bureau: '青秀区教育局' }),
    ]);
    expect(
      (await json<{ items: unknown[] }>(await adminFar('GET', '/api/v1/marketplace/picks'), 200)).items,
    ).toEqual([]);
    const inB = await h.db.owner
      .selectFrom('app_installations')
      .select('id')
      .where('tenant_id', '=', h.region.schoolB)
      .where('app_id', '=', APP)
      .where('status', '<>', 'uninstalled')
      .executeTakeFirstOrThrow();
    const refused = await json<{ error: { code: string } }>(
      await adminB('DELETE', `/api/v1/marketplace/installs/${inB.id}`),
      403,
    );
    expect(refused.error.code).toBe('mandatory_app');
    // Nor through the runtime's own routes.
    await json(await adminB('DELETE', `/api/v1/apps/installations/${inB.id}`), 403);
    await json(await adminB('POST', `/api/v1/apps/installations/${inB.id}/disable`), 403);
  });

  it('rotates a key: the retired key signs nothing new; revoking it blocks its versions at install time', async () => {
    const next = generateVendorKeyPair();
    await json(
      await vendorA('POST', `/api/v1/marketplace/vendors/${vendorAId}/keys`, {
        publicKey: next.publicKeyPem,
        rotate: true,
      }),
      201,
    );
    const retired = await json<{ error: { code: string } }>(
      await publish(vendorA, vendorAId, await attendancePackage(keyA, '1.2.0')),
      400,
    );
    expect(retired.error.code).toBe('package_key_retired');
    await json(await publish(vendorA, vendorAId, await attendancePackage(next, '1.2.0')), 201);
    await json(
      await vendorB('POST', `/api/v1/marketplace/vendors/${vendorAId}/keys`, {
        publicKey: generateVendorKeyPair().publicKeyPem,
      }),
      403,
    );
    // The key that signed the newest version leaks: it is revoked, and that version no longer installs.
    await json(
      await vendorA('POST', `/api/v1/marketplace/vendors/${vendorAId}/keys/${next.keyId}/revoke`, {
        reason: '私钥泄露',
      }),
      204,
    );
    const blocked = await json<{ error: { code: string } }>(
      await adminFar('POST', '/api/v1/marketplace/installs', {
        appId: APP,
        approvedScopes: ['org:read'],
        consent: true,
      }),
      400,
    );
    expect(blocked.error.code).toBe('package_signature_invalid');
  });
});

describe('suspension across nodes', () => {
  it('reaches another node through NOTIFY, which drops its cached bindings of the affected installations', async () => {
    const dropped: string[] = [];
    const otherNode = await startServingEvents(h.db.ownerUrl, createLogger('silent'), {
      invalidate: (_tenantId, installationId) => void dropped.push(installationId),
    });
    try {
      await json(
        await reviewer('POST', `/api/v1/marketplace/review/apps/${APP}/suspension`, {
          on: true,
          reason: '核查',
        }),
        200,
      );
      const live = await h.db.owner
        .selectFrom('app_installations')
        .select('id')
        .where('app_id', '=', APP)
        .where('status', '<>', 'uninstalled')
        .execute();
      expect(live.length).toBeGreaterThan(1);
      await expect
        .poll(() => [...dropped].sort(), { timeout: 5000 })
        .toEqual(expect.arrayContaining(live.map((l) => l.id)));
    } finally {
      await otherNode.close();
    }
  });
});
