import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, screenshotOnFailure, screenshots } from './browser.ts';
import { type RunningPlatform, startPlatformProcess } from './platform-process.ts';

let platform: RunningPlatform;
let browser: Browser;
const shot = screenshots('import');

const header = ['学号', '姓名', '性别', '年级', '班级', '手机号', '家长姓名', '家长手机', '家长关系'];
const students = [
  ['202599001', '韦思远', '男', '一年级', '1班', '', '韦强', '13907790001', '父亲'],
  ['202599002', '覃雨桐', '女', '一年级', '1班', '', '覃丽', '13907790002', '母亲'],
  ['202599003', '莫俊杰', '男', '一年级', '2班', '', '莫军', '1390779', '父亲'],
  ['202599004', '蒙诗琪', '女', '一年级', '2班', '', '蒙芳', '13907790004', '母亲'],
];

/** An XLSX roster as a school's office would make it in Excel. */
async function roster(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('学生名单');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  platform = await startPlatformProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('bulk import of students and parents', () => {
  it('flags the one bad row, takes the fixed file and imports it', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await context.newPage();
    screenshotOnFailure(page, 'import');
    await page.goto('/s/2145010301');
    await page.getByTestId('username').fill('admin.fenglin');
    await page.getByTestId('password').fill('Campus@2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workbench-board').waitFor();

    await page.getByRole('menuitem', { name: '人员导入' }).click();
    await page.getByTestId('import-file').waitFor({ state: 'attached' });
    await shot(page, 'import wizard');
    await page.getByTestId('import-file').setInputFiles({
      name: '一年级插班生.xlsx',
      mimeType: xlsx,
      buffer: await roster(students),
    });
    await page.getByTestId('report-issues').waitFor();
    expect(await page.getByTestId('report-error-rows').textContent()).toBe('1');
    // Line 4 of the file: the header is line 1, so the third student.
    const bad = page.locator('[data-test="report-issues"] tr.cb-report__bad');
    expect(await bad.count()).toBe(1);
    expect(await bad.textContent()).toContain('4');
    expect(await bad.textContent()).toContain('1390779');
    expect(await page.getByTestId('import-all').isDisabled()).toBe(true);
    await shot(page, 'dry run flags the bad row');

    await page.getByTestId('import-restart').click();
    const fixed = students.map((row) => (row[0] === '202599003' ? row.with(7, '13907790003') : row));
    await page.getByTestId('import-file').setInputFiles({
      name: '一年级插班生（已修改）.xlsx',
      mimeType: xlsx,
      buffer: await roster(fixed),
    });
    await page.getByTestId('import-all').waitFor();
    expect(await page.getByTestId('report-error-rows').textContent()).toBe('0');
    await shot(page, 'fixed file passes the check');
    await page.getByTestId('import-all').click();
    await page.getByTestId('import-done').waitFor();
    expect(await page.getByTestId('import-done').textContent()).toContain('新增 4 人');
    await shot(page, 'import finished');

    // The people are there: the school's own export lists them.
    const exported = await context.request.get(
      `${platform.url}/api/v1/people-import/export?kind=students&format=csv`,
    );
    expect(exported.status()).toBe(200);
    const text = await exported.text();
    for (const [number, name] of fixed) expect(text).toContain(`${number},${name}`);

    // And in the organisation: the class in the tree lists the new pupil (「一年级」「1班」 is
    // the school's existing 一年级(1)班).
    await page.getByRole('menuitem', { name: '组织与人员' }).click();
    await page.getByTestId('org-tree').getByText('一年级(1)班', { exact: true }).click();
    await page.getByTestId('people-search').fill('韦思远');
    await page.getByTestId('people-table').getByText('韦思远').waitFor();
    await shot(page, 'the class lists the imported pupil');
    await context.close();
  });
});
