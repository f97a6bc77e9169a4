import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, screenshotOnFailure, screenshots } from './browser.ts';
import { type RunningPlatform, startPlatformProcess } from './platform-process.ts';

// Demo people (core/src/seed/identity-demo-data.ts): 林美玲 is head teacher of 一年级(1)班 at
// 凤岭实验小学, where 陈静 has a child.
const school = '2145010301';
const password = 'Campus@2026';
const klass = '一年级(1)班';
// Unique per run, so the demo's own notices never match.
const title = `关于校园开放日的通知（${Date.now().toString(36)}）`;

let platform: RunningPlatform;
let browser: Browser;
const shot = screenshots('messages');

async function logIn(login: string, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, { baseURL: platform.url, ...options });
  const page = await context.newPage();
  screenshotOnFailure(page, 'messages');
  await page.goto(`/s/${school}`);
  await page.getByTestId('username').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('workbench-board').waitFor();
  return page;
}

async function unreadBadge(page: Page): Promise<number> {
  const badge = page.getByTestId('unread-badge').locator('sup');
  if (!(await badge.isVisible())) return 0;
  return Number((await badge.textContent())?.trim() ?? '0');
}

beforeAll(async () => {
  platform = await startPlatformProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('a notice from a teacher to a class', () => {
  it('reaches a parent live, and the teacher sees the parent move from unread to read', async () => {
    const parent = await logIn('13907719001', { phone: true });
    // The SSE stream is open once the badge reflects the server's count.
    await parent
      .waitForResponse((r) => r.url().includes('/api/v1/inbox'), { timeout: 10_000 })
      .catch(() => undefined);
    const before = await unreadBadge(parent);
    await shot(parent, 'parent workbench before');

    const teacher = await logIn('linmeiling');
    await teacher.goto('/messages');
    await teacher.getByTestId('compose').click();
    const dialog = teacher.getByTestId('compose-dialog');
    await dialog.getByTestId('audience-unit-select').click();
    await teacher
      .locator('.el-tree-node__content', { hasText: klass })
      .first()
      .locator('.el-checkbox')
      .click();
    // A click outside closes the tree's dropdown.
    await teacher.locator('.el-dialog__header').click();
    await dialog
      .getByTestId('audience-preview')
      .filter({ hasText: /将发送给 \d+ 人/ })
      .waitFor();
    expect(await dialog.getByTestId('audience-preview').textContent()).toMatch(
      /将发送给 [1-9]\d* 人（家长 \d+）/,
    );
    await dialog.getByTestId('compose-title').fill(title);
    await dialog
      .getByTestId('compose-body')
      .fill('各位家长：本周五上午 8:00 在学校操场举行**秋季运动会**，请为孩子准备运动服。');
    await shot(teacher, 'teacher composes a notice to the class');
    await dialog.getByTestId('compose-send').click();
    await teacher.getByText(/已发送给 \d+ 人/).waitFor();

    // The parent's badge goes up without a reload.
    await parent.waitForFunction(
      (n) => Number(document.querySelector('[data-test="unread-badge"] sup')?.textContent?.trim() ?? 0) > n,
      before,
    );
    expect(await unreadBadge(parent)).toBe(before + 1);
    await shot(parent, 'parent sees the unread badge change');

    // The teacher opens the receipts: the parent is unread.
    await teacher.getByTestId('sent-list').locator('button', { hasText: title }).click();
    const receipts = teacher.getByTestId('receipts-drawer');
    await receipts.getByTestId('receipts-unread').filter({ hasText: '陈静' }).waitFor();
    await shot(teacher, 'teacher sees the parent unread');

    // The parent reads it.
    await parent.getByTestId('bell').click();
    await parent.getByTestId('inbox-list').locator('button', { hasText: title }).click();
    await parent.getByTestId('entry-body').filter({ hasText: '运动服' }).waitFor();
    expect(await parent.getByTestId('entry-body').locator('strong').textContent()).toBe('秋季运动会');
    await shot(parent, 'parent reads the notice');

    // Without touching the teacher's page, the parent moves to the read list.
    await receipts.getByRole('tab', { name: /已读 1/ }).waitFor();
    await receipts.getByRole('tab', { name: /已读/ }).click();
    await receipts.getByTestId('receipts-read').filter({ hasText: '陈静' }).waitFor();
    expect(await receipts.getByTestId('receipts-unread').textContent()).not.toContain('陈静');
    await shot(teacher, 'teacher sees the parent read');
    expect(await unreadBadge(parent)).toBe(before);
  });
});
