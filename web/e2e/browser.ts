import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page, selectors } from 'playwright-core';
import { onTestFailed } from 'vitest';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifactsDir = resolve(import.meta.dirname, 'artifacts');

/**
 * Debian's Chromium, headless. Playwright gives every launch a fresh temporary user-data-dir and
 * removes it on close, so no profile state leaks between runs.
 */
export function launchChromium(): Promise<Browser> {
  // The portal marks what tests look for with data-test (also used by the component tests).
  selectors.setTestIdAttribute('data-test');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A desktop-sized or phone-sized browser context in zh-CN, as a school's users have. */
export function newContext(
  browser: Browser,
  options: { phone?: boolean; baseURL: string },
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: options.baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1366, height: 860 },
    deviceScaleFactor: options.phone ? 2 : 1,
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
  });
}

/**
 * Saves a screenshot of each step under web/e2e/artifacts/<suite>/, numbered in order, so a
 * failed run shows what the user saw.
 *
 * @example
 * const shot = screenshots('login');
 * await shot(page, 'branded login page'); // artifacts/login/01-branded-login-page.png
 */
export function screenshots(suite: string) {
  let step = 0;
  return async (page: Page, name: string): Promise<string> => {
    step += 1;
    const dir = join(artifactsDir, suite);
    await mkdir(dir, { recursive: true });
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const file = join(dir, `${String(step).padStart(2, '0')}-${slug || 'step'}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}

/** When the current test fails, saves what the page showed as artifacts/<suite>/failed-<test>.png. */
export function screenshotOnFailure(page: Page, suite: string): void {
  onTestFailed(async ({ task }) => {
    const dir = join(artifactsDir, suite);
    await mkdir(dir, { recursive: true });
    const slug = task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
    await page.screenshot({ path: join(dir, `failed-${slug}.png`), fullPage: true }).catch(() => undefined);
  });
}
