import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '../../../plugin-sdk/src/cli/publish.ts';
import { freePort } from '../../../test/ports.ts';
import { type HttpServer, listen } from '../server.ts';
import { attendancePackage, generateVendorKeyPair } from './testing/fixtures.ts';
import { type MarketHarness, principal, startMarketHarness } from './testing/harness.ts';

/** `campusbase-app publish` against a listening platform: the report is printed; a forged package fails. */
let h: MarketHarness;
let server: HttpServer;
let dir: string;
let url: string;
let vendorId: string;
let cookie: string;
const key = generateVendorKeyPair();

beforeAll(async () => {
  h = await startMarketHarness();
  server = await listen(h.app.fetch, await freePort(), '127.0.0.1');
  url = `http://127.0.0.1:${server.port}`;
  dir = await mkdtemp(join(tmpdir(), 'cb-publish-'));
  const vendor = principal(h.region.platform, 'platform', ['marketplace:publish'], '韦立新');
  const call = h.as(vendor);
  cookie = `cb_session=${vendor.sessionId}`;
  ({ id: vendorId } = (await (
    await call('POST', '/api/v1/marketplace/vendors', { name: '南宁智校科技有限公司' })
  ).json()) as { id: string });
  await call('POST', `/api/v1/marketplace/vendors/${vendorId}/keys`, { publicKey: key.publicKeyPem });
});
afterAll(async () => {
  await server?.close(1000);
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('campusbase-app publish', () => {
  it('uploads a signed package and prints the check report', async () => {
    const file = join(dir, 'attendance-1.0.0.cbapp');
    await writeFile(file, await attendancePackage(key, '1.0.0'));
    const printed: string[] = [];
    const result = await publishPackage({
      file,
      url,
      vendorId,
      changelog: '首个版本',
      env: { CAMPUSBASE_SESSION: cookie },
      print: (l) => printed.push(l),
    });
    expect(result.accepted).toBe(true);
    expect(result.report?.status).toBe('pending_review');
    expect(printed.join('\n')).toContain('✓ smoke');
  });

  it('fails on a package signed with an unregistered key', async () => {
    const file = join(dir, 'forged.cbapp');
    await writeFile(file, await attendancePackage(generateVendorKeyPair(), '2.0.0'));
    const printed: string[] = [];
    const result = await publishPackage({
      file,
      url,
      vendorId,
      env: { CAMPUSBASE_SESSION: cookie },
      print: (l) => printed.push(l),
    });
    expect(result.accepted).toBe(false);
    expect(printed.join('\n')).toMatch(/上传被拒绝.*400/);
  });
});
