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
  it('finds an app by a two-character Chinese search, installs it with consent and opens it from the menu', async () => {
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
    expect(appId).toBe('cn.campusbase.attendance');
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

    // The admin imports one card for a pupil of the school, as through the app's roster page
    // (卡号,学生ID): the app reads name, class and guardians from the platform directory, so the
    // student must be one the school has. Before this the app's roster is empty, so what the page
    // shows below can only have come from the app's own routes.
    const people = await (
      await context.request.get(`${platform.url}/api/v1/people?role=student&limit=1`)
    ).json();
    const pupil = people.people[0] as { personId: string; displayName: string; orgUnitName: string };
    expect(pupil.orgUnitName).toBeTruthy();
    const className = pupil.orgUnitName;
    const roster = await context.request.put(`${platform.url}/apps/${installed.id}/api/cards`, {
      data: { rows: [{ cardNo: 'E2E00001', studentId: pupil.personId }] },
    });
    expect(roster.status()).toBe(200);
    const cards = await (await context.request.get(`${platform.url}/apps/${installed.id}/api/cards`)).json();
    expect(cards.items).toEqual([
      expect.objectContaining({ cardNo: 'E2E00001', studentName: pupil.displayName, className }),
    ]);

    // It appears in the side menu from its manifest's menu entries, and opens in the app frame.
    await page.getByRole('menuitem', { name: '考勤看板' }).click();
    await page.waitForURL(new RegExp(`/apps/${installed.id}/dashboard$`));
    const iframe = page.getByTestId('app-frame');
    await iframe.waitFor();
    const src = new URL((await iframe.getAttribute('src'))!);
    expect(src.port).toBe(String(platform.appOriginPort));
    expect(src.pathname).toBe(`/${installed.id}/dashboard.html`);
    expect(await iframe.getAttribute('sandbox')).toBe('allow-scripts allow-forms');
    // The page asked its own GET /classes through the portal's bridge and shows the answer.
    const frame = page.frameLocator('[data-test="app-frame"]');
    await frame.locator('#class option', { hasText: className }).waitFor({ state: 'attached' });
    // …and its GET /reports/daily: the class's row with the one enrolled pupil.
    await frame.locator('#first tr', { hasText: className }).waitFor();
    await frame.locator('#second').getByText(pupil.displayName).waitFor();
    await shot(page, 'app opened from the menu');

    // The workbench pins it too.
    await page.getByRole('menuitem', { name: '工作台' }).click();
    await page.getByTestId('pinned-apps').getByText('考勤看板').waitFor();
    await shot(page, 'pinned on the workbench');
    await page.getByRole('menuitem', { name: '应用市场' }).click();

    // It is listed as installed, and the admin can uninstall it again.
    await page.getByRole('tab', { name: '本校已安装' }).click();
    await page.getByTestId(`uninstall-${appId}`).click();
    await page.getByRole('button', { name: '卸载' }).last().click();
    await page.getByText('已卸载，数据保留 30 天').waitFor();
    // …and it leaves the menu at once.
    await page.getByRole('menuitem', { name: '考勤看板' }).waitFor({ state: 'detached' });
    await shot(page, 'uninstalled');
    await context.close();
  });
});
