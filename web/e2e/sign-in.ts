import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newContext, screenshotOnFailure } from './browser.ts';

/** The demo password of every seeded account (core/src/seed/identity-demo-data.ts). */
export const DEMO_PASSWORD = 'Campus@2026';

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /**
   * A request from the page itself (same origin, the person's session cookie, the browser's
   * Fetch Metadata), as someone with the browser's developer tools could send it.
   */
  fetch(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
}

/**
 * Opens the tenant's login page (`/s/<code>`) in a fresh zh-CN context, signs the demo person in
 * with the password form and waits for the workbench.
 *
 * @example
 * const bureau = await signIn(browser, platform.url, { tenant: '450103', login: 'bureau.qingxiu', suite: 'bureau' });
 */
export async function signIn(
  browser: Browser,
  baseURL: string,
  who: { tenant: string; login: string; suite: string; password?: string },
): Promise<SignedIn> {
  const context = await newContext(browser, { baseURL });
  const page = await context.newPage();
  screenshotOnFailure(page, who.suite);
  await page.goto(`/s/${who.tenant}`);
  await page.getByTestId('username').fill(who.login);
  await page.getByTestId('password').fill(who.password ?? DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('workbench-board').waitFor();
  const fetch: SignedIn['fetch'] = (path, init = {}) =>
    page.evaluate(
      async ({ path, method, body }) => {
        const res = await window.fetch(path, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        const json = (() => {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            return text;
          }
        })();
        return { status: res.status, body: text ? json : null };
      },
      { path, method: init.method ?? 'GET', body: init.body },
    );
  return { context, page, fetch };
}
