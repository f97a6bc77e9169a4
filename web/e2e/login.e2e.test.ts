import { readFile } from 'node:fs/promises';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiToTs } from '../scripts/openapi-to-ts.ts';
import { launchChromium, newContext, screenshotOnFailure, screenshots } from './browser.ts';
import { type RunningPlatform, repoRoot, startPlatformProcess } from './platform-process.ts';

// Demo people and schools from the seed (core/src/seed/identity-demo*.ts, demo-region.ts).
const password = 'Campus@2026';
const fenglin = { code: '2145010301', name: '凤岭实验小学', color: '#1a7f5a' };
const yongjiang = { code: '2145010302', name: '邕江初级中学', color: '#b8322a' };
const county = '450103';
const parentPhone = '13907719001';

let platform: RunningPlatform;
let browser: Browser;
const shot = screenshots('login');

const primaryVar = (page: Page) =>
  page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--el-color-primary').trim(),
  );

async function openLogin(context: BrowserContext, school: string): Promise<Page> {
  const page = await context.newPage();
  screenshotOnFailure(page, 'login');
  await page.goto(`/s/${school}`);
  await page.getByTestId('username').waitFor();
  return page;
}

/** Fills and sends the password form, and waits for the server's answer. */
async function submitPassword(page: Page, login: string, secret: string) {
  await page.getByTestId('username').fill(login);
  await page.getByTestId('password').fill(secret);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
  await page.getByTestId('login-submit').click();
  await answered;
}

beforeAll(async () => {
  platform = await startPlatformProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('login → workbench with the school’s branding', () => {
  it('logs a school admin in on the school’s page and shows the branded workbench', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await openLogin(context, fenglin.code);
    await shot(page, 'school login page');
    await submitPassword(page, 'admin.fenglin', password);
    await page.getByTestId('workbench-board').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('workbench-title').textContent()).toMatch(/你好/);
    expect(await page.locator('header').getByTestId('school-name').textContent()).toBe(fenglin.name);
    expect(await primaryVar(page)).toBe(fenglin.color);
    await shot(page, 'workbench with school branding');

    // A reload keeps the session and the school's face.
    await page.reload();
    await page.getByTestId('workbench-board').waitFor();
    expect(await primaryVar(page)).toBe(fenglin.color);

    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    await page.goto('/');
    await page.getByTestId('login-submit').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('tells a person in Chinese that the account is locked, and counts down', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await openLogin(context, fenglin.code);
    const error = page.getByTestId('login-error');
    await submitPassword(page, 'zhangxiaoyan', 'wrong-password-1');
    await error.waitFor();
    expect(await error.textContent()).not.toContain('锁定');
    for (let i = 2; i <= 5; i++) await submitPassword(page, 'zhangxiaoyan', `wrong-password-${i}`);
    await page.getByText('已暂时锁定').waitFor();
    expect(await error.textContent()).toMatch(/该账号尝试次数过多，已暂时锁定，请 \d+ 分钟后再试/);
    expect(await page.getByTestId('login-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('login-submit').textContent()).toMatch(/请 \d+ 秒后重试/);
    await shot(page, 'account locked');
    await context.close();
  });

  it('shows the school admin the login audit trail with filters, and a verified log chain', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await openLogin(context, fenglin.code);
    await submitPassword(page, 'admin.fenglin', password);
    await page.getByTestId('workbench-board').waitFor();
    await page.getByRole('menuitem', { name: '安全设置' }).click();
    await page.getByTestId('audit-action').fill('auth.login.password');
    await page.getByTestId('audit-filter').click();
    await page.getByTestId('audit-table').getByText('成功').first().waitFor();
    expect(await page.getByTestId('audit-table').textContent()).not.toContain('auth.mfa');
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-chain').filter({ hasText: '日志链完整' }).waitFor();
    await shot(page, 'security settings and audit log');
    await context.close();
  });

  it('asks for the authenticator code when the person has two-step verification', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    // Enrol TOTP for the middle school's admin through the API, with the browser's own session.
    const page = await openLogin(context, yongjiang.code);
    await submitPassword(page, 'admin.yongjiang', password);
    await page.getByTestId('workbench-board').waitFor();
    const enrol = await (await context.request.post(`${platform.url}/api/v1/me/mfa/totp`)).json();
    const key = decodeBase32IgnorePadding(enrol.manualKey);
    const step = Math.floor(Date.now() / 30_000);
    const confirm = await context.request.post(`${platform.url}/api/v1/me/mfa/totp/confirm`, {
      data: { code: generateHOTP(key, BigInt(step), 6) },
    });
    expect(confirm.status()).toBe(200);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();

    await submitPassword(page, 'admin.yongjiang', password);
    await page.getByTestId('totp-code').waitFor();
    await shot(page, 'two-step verification');
    await page.getByTestId('totp-code').fill('000000');
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('totp-error').waitFor();
    expect(await page.getByTestId('totp-error').textContent()).toContain('验证码不正确');
    // The next step's code: the one used to confirm cannot be replayed.
    await page.getByTestId('totp-code').fill(generateHOTP(key, BigInt(step + 1), 6));
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('workbench-board').waitFor();
    expect(await primaryVar(page)).toBe(yongjiang.color);
    await context.close();
  });

  it('lets a parent with children in two schools choose, and switch schools later', async () => {
    const context = await newContext(browser, { baseURL: platform.url, phone: true });
    // The county bureau's page: the parent belongs to two of its schools, not to the bureau.
    const page = await openLogin(context, county);
    await submitPassword(page, parentPhone, password);
    await page.getByTestId('school-chooser').waitFor();
    expect(await page.getByTestId('school-chooser').textContent()).toContain(fenglin.name);
    expect(await page.getByTestId('school-chooser').textContent()).toContain(yongjiang.name);
    await shot(page, 'school chooser on a phone');
    await page.getByTestId(`choose-${yongjiang.code}`).click();
    await page.getByTestId('workbench-board').waitFor();
    expect(await primaryVar(page)).toBe(yongjiang.color);
    await shot(page, 'parent workbench on a phone');

    await page.getByTestId('user-menu').click();
    await page.getByTestId(`switch-${fenglin.code}`).click();
    await page.locator('header').getByTestId('school-name').filter({ hasText: fenglin.name }).waitFor();
    expect(await primaryVar(page)).toBe(fenglin.color);
    await shot(page, 'parent switched school');
    await context.close();
  });
});

describe('account security and the bureau view', () => {
  it('lists a person’s signed-in devices and signs another one out', async () => {
    const phone = await newContext(browser, { baseURL: platform.url, phone: true });
    const first = await openLogin(phone, fenglin.code);
    await submitPassword(first, 'hejianhua', password);
    await first.getByTestId('workbench-board').waitFor();

    const desktop = await newContext(browser, { baseURL: platform.url });
    const page = await openLogin(desktop, fenglin.code);
    await submitPassword(page, 'hejianhua', password);
    await page.getByTestId('workbench-board').waitFor();
    await page.getByRole('menuitem', { name: '账号安全' }).click();
    const list = page.getByTestId('my-sessions');
    await list.locator('li').nth(1).waitFor();
    expect(await list.locator('li').count()).toBe(2);
    await shot(page, 'my sessions');
    await list.locator('[data-test^="revoke-"]').click();
    await page.getByText('已让该设备退出登录').waitFor();
    await expect.poll(() => list.locator('li').count()).toBe(1);

    // The phone's session is gone: its next navigation lands on the login page.
    await first.goto('/');
    await first.getByTestId('login-submit').waitFor();
    await phone.close();
    await desktop.close();
  });

  it('shows a bureau its schools as aggregated figures', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await openLogin(context, county);
    await submitPassword(page, 'bureau.qingxiu', password);
    await page.getByTestId('workbench-board').waitFor();
    await page.getByRole('menuitem', { name: '辖区学校' }).click();
    const table = page.getByTestId('bureau-schools');
    await table.getByText(fenglin.name).first().waitFor();
    expect(await table.textContent()).toContain(yongjiang.name);
    expect(await page.getByTestId('bureau-totals').textContent()).toMatch(/共 2 所学校，学生 \d+ 人/);
    await shot(page, 'bureau view');
    await context.close();
  });
});

describe('the typed API client', () => {
  it('matches the running platform’s OpenAPI document (run `npm run api:types -w web` if not)', async () => {
    const doc = await (await fetch(`${platform.url}/api/openapi.json`)).json();
    const committed = await readFile(`${repoRoot}/web/src/api/openapi.gen.ts`, 'utf8');
    expect(committed === openApiToTs(doc), 'web/src/api/openapi.gen.ts is stale').toBe(true);
  });
});
