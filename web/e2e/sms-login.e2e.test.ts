import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, screenshotOnFailure, screenshots } from './browser.ts';
import { type RunningPlatform, startPlatformProcess } from './platform-process.ts';
import { textedCode } from './texted-code.ts';

// Demo data (core/src/seed/identity-demo-data.ts): 陈静, a parent with a child in each school,
// registered with 13907719001. 18977100000 belongs to nobody.
const fenglin = { code: '2145010301', name: '凤岭实验小学' };
const parentPhone = '13907719001';
const strangerPhone = '18977100000';
const marker = '登录验证码';

let platform: RunningPlatform;
let browser: Browser;
const shot = screenshots('sms-login');

async function openSmsLogin(page: Page) {
  await page.goto(`/s/${fenglin.code}`);
  await page.getByTestId('mode-sms').click();
  await page.getByTestId('sms-phone').waitFor();
}

/** Clicks 获取验证码 and returns the HTTP status the platform answered with. */
async function sendCode(page: Page): Promise<number> {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms/send'));
  await page.getByTestId('sms-send').click();
  return (await answered).status();
}

/** Types a code, clicks 登录 and returns the HTTP status of the login request. */
async function submitCode(page: Page, code: string): Promise<number> {
  await page.getByTestId('sms-code').fill(code);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms/login'));
  await page.getByTestId('sms-submit').click();
  return (await answered).status();
}

const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

beforeAll(async () => {
  // Info level: the log provider writes texted codes at info.
  platform = await startPlatformProcess({ LOG_LEVEL: 'info' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('短信验证码登录 in the portal', () => {
  it('logs a parent in on a phone with the texted code; a wrong or reused code is refused', async () => {
    const context = await newContext(browser, { baseURL: platform.url, phone: true });
    const page = await context.newPage();
    screenshotOnFailure(page, 'sms-login');
    await openSmsLogin(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the login page scrolls sideways on a phone').toBeLessThanOrEqual(0);
    const codeField = page.getByTestId('sms-code');
    expect(await codeField.getAttribute('inputmode')).toBe('numeric');
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');

    await page.getByTestId('sms-phone').fill(parentPhone);
    const before = platform.output().length;
    expect(await sendCode(page)).toBe(202);
    await page.getByTestId('sms-info').waitFor();
    expect(await page.getByTestId('sms-send').textContent()).toMatch(/\d+ 秒后可重新获取/);
    expect(await page.getByTestId('sms-send').isDisabled()).toBe(true);
    await shot(page, 'code sent on a phone');
    const code = await textedCode(platform, parentPhone, before, marker);

    expect(await submitCode(page, otherCode(code))).toBe(401);
    expect(await page.getByTestId('sms-error').textContent()).toContain('验证码不正确或已过期');
    await shot(page, 'wrong code');

    expect(await submitCode(page, code)).toBe(200);
    // 陈静 belongs to this school, so she enters it without the chooser.
    await page.getByTestId('workbench-board').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('header').getByTestId('school-name').textContent()).toBe(fenglin.name);
    await shot(page, 'parent workbench after SMS login');

    // The code is single-use: after logging out it does not open a second session.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    await openSmsLogin(page);
    await page.getByTestId('sms-phone').fill(parentPhone);
    expect(await submitCode(page, code)).toBe(401);
    expect(await page.getByTestId('sms-error').textContent()).toContain('验证码不正确或已过期');
    await context.close();
  });

  it('answers an unknown number like a known one, says 发送过于频繁, and locks after wrong codes', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await context.newPage();
    screenshotOnFailure(page, 'sms-login');
    await openSmsLogin(page);

    // Not a mainland mobile: said under the field, no SMS request is spent.
    let sends = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/sms/send')) sends++;
    });
    await page.getByTestId('sms-phone').fill('0771-5551234');
    await page.getByTestId('sms-send').click();
    await page.getByTestId('sms-phone-error').waitFor();
    expect(sends).toBe(0);

    await page.getByTestId('sms-phone').fill(strangerPhone);
    expect(await sendCode(page)).toBe(202);
    expect(await page.getByTestId('sms-info').textContent()).toBe(
      '如该手机号已开通账号，验证码已发送，5 分钟内有效。',
    );

    // A reload forgets the countdown, but the platform still allows one code a minute.
    await openSmsLogin(page);
    await page.getByTestId('sms-phone').fill(strangerPhone);
    expect(await sendCode(page)).toBe(429);
    expect(await page.getByTestId('sms-error').textContent()).toMatch(/^发送过于频繁，请 \d+ 秒后再试$/);
    expect(await page.getByTestId('sms-send').isDisabled()).toBe(true);
    await shot(page, 'too many codes');

    // Wrong codes get the same words as for a real account, and the fifth locks the number.
    expect(await submitCode(page, '000000')).toBe(401);
    expect(await page.getByTestId('sms-error').textContent()).toContain('验证码不正确或已过期');
    for (let i = 1; i <= 3; i++) expect(await submitCode(page, `00000${i}`)).toBe(401);
    expect(await submitCode(page, '000009')).toBe(429);
    expect(await page.getByTestId('sms-error').textContent()).toMatch(
      /该手机号验证码尝试次数过多，已暂时锁定，请 \d+ 分钟后再试/,
    );
    await page.getByTestId('sms-code').fill('123456');
    expect(await page.getByTestId('sms-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('sms-submit').textContent()).toMatch(/请 \d+ 秒后重试/);
    await shot(page, 'number locked after wrong codes');
    await context.close();
  });
});
