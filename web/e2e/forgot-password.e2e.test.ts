import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, screenshotOnFailure, screenshots } from './browser.ts';
import { type RunningPlatform, startPlatformProcess } from './platform-process.ts';
import { textedCode } from './texted-code.ts';

// Demo data (core/src/seed): 陈静 has a child in each school; the middle school asks for 10
// characters of 3 kinds (core/src/identity/recovery.seed.ts), so her new password must too.
const fenglin = '2145010301';
const parentPhone = '13907719001';
const newPassword = 'Chen#Jing2026';

let platform: RunningPlatform;
let browser: Browser;
const shot = screenshots('forgot-password');

beforeAll(async () => {
  // Info level: the log provider writes texted codes at info.
  platform = await startPlatformProcess({ LOG_LEVEL: 'info' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('忘记密码: a parent in two schools resets her password by SMS', () => {
  it('goes from the login page through the texted code to a login with the new password', async () => {
    const context = await newContext(browser, { baseURL: platform.url, phone: true });
    const page: Page = await context.newPage();
    screenshotOnFailure(page, 'forgot-password');
    await page.goto(`/s/${fenglin}`);
    await page.getByTestId('forgot-link').click();
    await page.getByTestId('forgot-phone').fill(parentPhone);
    const before = platform.output().length;
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password-reset/sms'));
    await page.getByTestId('forgot-send').click();
    expect((await sent).status()).toBe(202);
    await page.getByTestId('forgot-info').waitFor();
    await shot(page, 'code sent');

    await page.getByTestId('forgot-code').fill(await textedCode(platform, parentPhone, before, '找回密码'));
    await page.getByTestId('forgot-next').click();
    await page.getByTestId('forgot-new-password').waitFor();
    expect(await page.getByTestId('forgot-account').textContent()).toContain('陈*');
    expect(await page.getByTestId('forgot-policy').textContent()).toContain('至少 10 位');
    await page.getByTestId('forgot-new-password').fill('Chen@2026');
    await page.getByTestId('forgot-repeat-password').fill('Chen@2026');
    expect(await page.getByTestId('forgot-submit').isDisabled()).toBe(true);
    await page.getByTestId('forgot-new-password').fill(newPassword);
    await page.getByTestId('forgot-repeat-password').fill(newPassword);
    await shot(page, 'new password under the stricter policy');
    await page.getByTestId('forgot-submit').click();
    await page.getByTestId('forgot-done').waitFor();
    await shot(page, 'password reset');

    await page.getByTestId('forgot-to-login').click();
    await page.getByTestId('username').fill(parentPhone);
    await page.getByTestId('password').fill('Campus@2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await page.getByTestId('username').fill(parentPhone);
    await page.getByTestId('password').fill(newPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workbench-board').waitFor();
    await shot(page, 'logged in with the new password');
    await context.close();
  });
});
