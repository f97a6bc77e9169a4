import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateVendorKeyPair } from '@campusbase/plugin-sdk/package';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshots } from './browser.ts';
import { repoRoot } from './platform-process.ts';
import type { SignedIn } from './sign-in.ts';
import { platformSuite } from './suite.ts';

const suite = 'review';
const app = { id: 'cn.nnzx.reading-corner', zh: '班级图书角', en: 'Class reading corner' };
const cli = resolve(repoRoot, 'plugin-sdk/src/cli/main.ts');
const run = promisify(execFile);

const shot = screenshots(suite);
const files = platformSuite(suite);
const key = generateVendorKeyPair();

/**
 * The demo vendor's new app, made, built, packed and signed with the SDK's own CLI
 * (`campusbase-app create|build|pack|sign`), as a vendor does, with the key it registers in the
 * console.
 */
const work = await mkdtemp(join(tmpdir(), 'cb-e2e-vendor-'));
afterAll(() => rm(work, { recursive: true, force: true }));
const appDir = join(work, 'reading-corner');
const keyFile = join(work, 'vendor.key.pem');
await writeFile(keyFile, key.privateKeyPem, { mode: 0o600 });
const campusbaseApp = (...args: string[]) => run(process.execPath, [cli, ...args], { cwd: appDir });
await run(process.execPath, [cli, 'create', appDir, '--id', app.id, '--link-sdk']);
const manifestFile = join(appDir, 'campusbase.app.json');
const template = JSON.parse(await readFile(manifestFile, 'utf8')) as { permissions: string[] };

async function signedPackage(version: string, extraScopes: string[]): Promise<{ archive: Uint8Array }> {
  const manifest = {
    ...template,
    version,
    name: { zh: app.zh, en: app.en },
    permissions: [...template.permissions, ...extraScopes],
  };
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
  await campusbaseApp('build');
  const packed = await campusbaseApp('pack');
  const file = packed.stdout.trim().split(' ').at(-1)!;
  await campusbaseApp('sign', file, '--key', keyFile);
  return { archive: await readFile(file) };
}

/** Uploads a signed package through the vendor console and waits for its check report. */
async function upload(vendor: Page, version: string, changelog: string, extraScopes: string[] = []) {
  const { archive } = await signedPackage(version, extraScopes);
  await vendor.getByTestId('package-file').setInputFiles({
    name: `${app.id}-${version}.cbapp`,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(archive),
  });
  await vendor.getByPlaceholder('更新说明').fill(changelog);
  await vendor.getByTestId('package-publish').click();
  const result = vendor.getByTestId('publish-result');
  await result.getByText(`${app.id} v${version}`).waitFor();
  return result;
}

/** The queue entry of one version in the reviewer console. */
const entry = (page: Page, version: string) =>
  page.getByTestId('review-queue').locator('article', { hasText: `${app.id}@${version}` });

describe('应用审核: a vendor’s version through the reviewer console', () => {
  let vendor: SignedIn;
  let reviewer: SignedIn;

  it('rejects a version with a comment the vendor reads, then approves the fixed one, which schools can find', async () => {
    vendor = await files.as('platform', 'vendor.dev');
    await vendor.page.getByRole('menuitem', { name: '开发者中心' }).click();
    await vendor.page.getByRole('button', { name: '登记公钥' }).first().click();
    await vendor.page.getByTestId('key-pem').fill(key.publicKeyPem);
    await vendor.page.getByRole('dialog').getByRole('button', { name: '登记公钥' }).click();
    await vendor.page.getByTestId('vendor-keys').getByText('使用中').first().waitFor();
    const first = await upload(vendor.page, '0.1.0', '首个版本：班级图书角借阅公告');
    await first.getByText('待审核').waitFor();
    await shot(vendor.page, 'uploaded for review');

    reviewer = await files.as('platform', 'reviewer');
    const page = reviewer.page;
    await page.getByRole('menuitem', { name: '应用审核' }).click();
    const pending = entry(page, '0.1.0');
    await pending.waitFor();
    expect(await pending.textContent()).toContain('首个版本：班级图书角借阅公告');
    expect(await pending.getByTestId('check-report').locator('li').count()).toBeGreaterThan(0);
    // Rejecting needs a reason for the vendor.
    expect(await pending.getByTestId('review-reject').isDisabled()).toBe(true);
    await pending.getByTestId('review-comment').fill('请在应用说明中写明读取的数据范围，并补充隐私政策链接');
    await shot(page, 'the queue with the check report');
    await pending.getByTestId('review-reject').click();
    await pending.waitFor({ state: 'detached' });

    await vendor.page.reload();
    const versions = vendor.page.getByTestId(`vendor-app-${app.id}`);
    await versions.getByText('请在应用说明中写明读取的数据范围').waitFor();
    await shot(vendor.page, 'the vendor reads the rejection');

    await upload(vendor.page, '0.1.1', '补充数据范围说明和隐私政策链接');
    await page.reload();
    const fixed = entry(page, '0.1.1');
    await fixed.getByTestId('review-comment').fill('数据范围清楚，同意上架');
    await fixed.getByTestId('review-approve').click();
    await fixed.waitFor({ state: 'detached' });
    await shot(page, 'approved');

    // Listed: a school admin finds it by a two-character search.
    const school = await files.as('2145010301', 'admin.fenglin');
    await school.page.getByRole('menuitem', { name: '应用市场' }).click();
    await school.page.getByTestId('market-search').fill('图书');
    await school.page.getByTestId('market-search-submit').click();
    const card = school.page.getByTestId(`app-${app.id}`);
    await card.waitFor();
    expect(await card.textContent()).toContain('v0.1.1');
    await shot(school.page, 'listed for schools');
    await school.context.close();
  });

  it('keeps reviewing to reviewers: neither the vendor nor a school admin can decide or read the queue', async () => {
    // An update that asks for more data always waits for a reviewer.
    const update = await upload(vendor.page, '0.2.0', '新增借阅到期提醒，需要读取学生名单', [
      'people:read:basic',
    ]);
    await update.getByText('待审核').waitFor();
    const queue = (await reviewer.fetch('/api/v1/marketplace/review/queue')).body as {
      items: Array<{ versionId: string; appId: string; version: string }>;
    };
    const pending = queue.items.find((i) => i.appId === app.id && i.version === '0.2.0')!;
    const decide = (who: SignedIn) =>
      who.fetch(`/api/v1/marketplace/review/versions/${pending.versionId}/decision`, {
        method: 'POST',
        body: { decision: 'approve', comment: '自己批准自己' },
      });
    expect((await decide(vendor)).status).toBe(403);
    const school = await files.as('2145010302', 'admin.yongjiang');
    expect((await decide(school)).status).toBe(403);
    expect((await school.fetch('/api/v1/marketplace/review/queue')).status).toBe(403);
    await school.context.close();
    // Still waiting for a reviewer.
    await reviewer.page.reload();
    await entry(reviewer.page, '0.2.0').waitFor();
    await vendor.context.close();
    await reviewer.context.close();
  });
});
