import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { type RunningPlatform, startPlatformProcess } from './platform-process.ts';
import { type SignedIn, signIn } from './sign-in.ts';

export interface Suite {
  readonly platform: RunningPlatform;
  readonly browser: Browser;
  /** Signs a demo person in on the tenant's login page (see `signIn`). */
  as(tenant: string, login: string): Promise<SignedIn>;
}

/**
 * One platform process and one Chromium for the whole test file, started before its tests and
 * stopped after them, so each file pays the start-up once.
 *
 * @example
 * const suite = platformSuite('bureau');
 * it('…', async () => { const bureau = await suite.as('450103', 'bureau.qingxiu'); });
 */
export function platformSuite(name: string): Suite {
  let platform: RunningPlatform | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [platform, browser] = await Promise.all([startPlatformProcess(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the platform suite has not started (call it at the top of the file)');
    return value;
  };
  return {
    get platform() {
      return started(platform);
    },
    get browser() {
      return started(browser);
    },
    as: (tenant, login) => signIn(started(browser), started(platform).url, { tenant, login, suite: name }),
  };
}
