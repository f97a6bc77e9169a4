import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, screenshotOnFailure, screenshots } from './browser.ts';
import { type RunningPlatform, startPlatformProcess } from './platform-process.ts';

let platform: RunningPlatform;
let browser: Browser;
const shot = screenshots('marketplace');

beforeAll(async () => {
  platform = await startPlatformProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('the app marketplace (应用超市)', () => {
  it('finds an app by a two-character Chinese search and installs it with consent', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await context.newPage();
    screenshotOnFailure(page, 'marketplace');
    await page.goto('/s/2145010302');
    await page.getByTestId('username').fill('admin.yongjiang');
    await page.getByTestId('password').fill('Campus@2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workbench-board').waitFor();

    await page.getByRole('menuitem', { name: '应用市场' }).click();
    await page.getByTestId('market-results').waitFor();
    await page.getByTestId('market-search').fill('考勤');
    await page.getByTestId('market-search-submit').click();
    const card = page.getByTestId('market-results').locator('li', { hasText: '考勤' }).first();
    await card.waitFor();
    const appId = (await card.getAttribute('data-test'))!.replace(/^app-/, '');
    await shot(page, 'chinese search');

    await card.getByTestId('market-install').click();
    const dialog = page.getByTestId('consent-dialog');
    await dialog.getByTestId('consent-scopes').waitFor();
    expect(await dialog.getByTestId('consent-scopes').locator('li').count()).toBeGreaterThan(0);
    expect(await dialog.getByTestId('consent-install').isDisabled()).toBe(true);
    await shot(page, 'consent screen');
    await dialog.getByTestId('consent-agree').click();
    await dialog.getByTestId('consent-install').click();
    await page.getByText('安装成功').waitFor();

    const installations = await (
      await context.request.get(`${platform.url}/api/v1/apps/installations`)
    ).json();
    const installed = installations.items.find((i: { appId: string }) => i.appId === appId);
    expect(installed).toMatchObject({ status: 'enabled' });
    expect(installed.approvedScopes.length).toBeGreaterThan(0);
    await shot(page, 'installed');

    // It is listed as installed, and the admin can uninstall it again.
    await page.getByRole('tab', { name: '本校已安装' }).click();
    await page.getByTestId(`uninstall-${appId}`).click();
    await page.getByRole('button', { name: '卸载' }).last().click();
    await page.getByText('已卸载，数据保留 30 天').waitFor();
    await shot(page, 'uninstalled');
    await context.close();
  });
});
