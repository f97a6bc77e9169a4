import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, screenshots } from './browser.ts';
import { type RunningPlatform, startPlatformProcess } from './platform-process.ts';

// The demo region's two schools (core/src/seed/demo-region.ts).
const primary = { code: '2145010301', name: '凤岭实验小学', motto: '明德 笃学 健体 尚美', color: '#1a7f5a' };
const middle = { code: '2145010302', name: '邕江初级中学', color: '#b8322a' };

let platform: RunningPlatform;
let browser: Browser;
const shot = screenshots('branding');

const primaryVar = (page: Page) =>
  page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--el-color-primary').trim(),
  );

beforeAll(async () => {
  platform = await startPlatformProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('a school’s own portal (千校千面)', () => {
  it('opens the school’s address with its name, motto and theme colour', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await context.newPage();
    await page.goto('/s/2145010301');
    await page.getByTestId('school-name').filter({ hasText: primary.name }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByTestId('school-motto').textContent()).toContain(primary.motto);
    expect(await primaryVar(page)).toBe(primary.color);
    const button = await page
      .getByTestId('login-submit')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(button).toBe('rgb(26, 127, 90)');
    expect(await page.title()).toContain(primary.name);
    await shot(page, 'branded login page');
    await context.close();
  });

  it('fits a phone screen without sideways scrolling (移动办公)', async () => {
    const context = await newContext(browser, { baseURL: platform.url, phone: true });
    const page = await context.newPage();
    await page.goto(`/login?school=${primary.code}`);
    await page.getByTestId('login-submit').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await page.getByTestId('login-submit').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await shot(page, 'branded login page on a phone');
    await context.close();
  });

  it('switches to another school by its code, and explains an unknown code in Chinese', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await context.newPage();
    await page.goto(`/login?school=${primary.code}`);
    await page.getByTestId('change-school').click();
    await page.getByTestId('school-code').fill('9999999999');
    await page.getByTestId('school-submit').click();
    await page.getByText('没有找到代码为 9999999999 的学校').first().waitFor();
    await shot(page, 'unknown school code');
    await page.getByTestId('school-code').fill(middle.code);
    await page.getByTestId('school-submit').click();
    await page.getByTestId('school-name').filter({ hasText: middle.name }).waitFor();
    expect(await primaryVar(page)).toBe(middle.color);
    await shot(page, 'other school login page');
    // The device remembers the school: the bare login page opens it again.
    await page.goto('/login');
    await page.getByTestId('school-name').filter({ hasText: middle.name }).waitFor();
    await context.close();
  });

  it('serves hashed assets with a long cache and the portal shell with revalidation', async () => {
    const index = await fetch(`${platform.url}/workbench-deep-link`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const script = await fetch(`${platform.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
