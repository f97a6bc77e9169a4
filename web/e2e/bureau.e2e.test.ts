import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connectDeviceSocket } from '../../iot-bridge/src/simulator/device-connection.ts';
import { screenshots } from './browser.ts';
import type { SignedIn } from './sign-in.ts';
import { platformSuite } from './suite.ts';

interface Device {
  id: string;
  name: string;
  status: 'active' | 'disabled';
  online: boolean;
}
interface Figures {
  appsEnabled: number;
  devicesTotal: number;
  devicesOnline: number;
  alarmsActive: number;
}

/** A school's own view of what the bureau counts: enabled apps, active devices, open alarms. */
async function schoolFigures(admin: SignedIn): Promise<Figures> {
  const apps = (await admin.fetch('/api/v1/apps/installations')).body as { items: Array<{ status: string }> };
  const devices = ((await admin.fetch('/api/v1/iot/devices')).body as Device[]).filter(
    (d) => d.status === 'active',
  );
  const alarms = (await admin.fetch('/api/v1/iot/alarms?status=active')).body as unknown[];
  return {
    appsEnabled: apps.items.filter((i) => i.status === 'enabled').length,
    devicesTotal: devices.length,
    devicesOnline: devices.filter((d) => d.online).length,
    alarmsActive: alarms.length,
  };
}

// The demo region (core/src/seed/demo-region.ts): 青秀区教育局 with its two schools.
const county = { code: '450103', name: '南宁市青秀区教育局' };
const fenglin = { code: '2145010301', name: '南宁市青秀区凤岭实验小学', admin: 'admin.fenglin' };
const yongjiang = { code: '2145010302', name: '南宁市青秀区邕江初级中学', admin: 'admin.yongjiang' };
const suite = 'bureau';
const recommended = { appId: 'cn.campusbase.timetabling', search: '排课', name: '智能排课' };
const deployed = { appId: 'cn.campusbase.attendance', search: '考勤', name: '智慧考勤', menu: '考勤看板' };

const shot = screenshots(suite);
const files = platformSuite(suite);

/** The county bureau admin on 推荐与统一部署. */
async function openBureauPicks(): Promise<SignedIn> {
  const bureau = await files.as(county.code, 'bureau.qingxiu');
  await bureau.page.getByRole('menuitem', { name: '推荐与统一部署' }).click();
  return bureau;
}

/** Picks an app in the bureau console's remote search select by a Chinese keyword. */
async function pickApp(page: Page, app: { search: string; name: string }) {
  const select = page.getByTestId('bureau-app');
  await select.click();
  await page.keyboard.type(app.search);
  await page.getByRole('option', { name: new RegExp(`^${app.name}（`) }).click();
  await page.getByTestId('bureau-scopes').locator('li').first().waitFor();
}

describe('推荐与统一部署: from the county bureau to its schools', () => {
  it('recommends one app and deploys another as mandatory; a school below sees both and cannot remove the mandatory one', async () => {
    const bureau = await openBureauPicks();
    const page = bureau.page;

    await pickApp(page, recommended);
    await page.getByPlaceholder('说明（学校可见）').fill('新学期排课可先试用，有问题联系区电教站');
    await page.getByTestId('bureau-submit').click();
    await page.getByText('已送达 2 所学校').first().waitFor();
    await shot(page, 'recommended to the schools');

    await pickApp(page, deployed);
    await page.getByTestId('bureau-mode').getByText('统一部署').click();
    await page.getByText('必装（学校不能卸载或停用）').click();
    await page.getByPlaceholder('说明（学校可见）').fill('全区统一使用智慧考勤，落实到校离校通知');
    // Deploying consents to the app's scopes for every school: not before the bureau agrees.
    expect(await page.getByTestId('bureau-submit').isDisabled()).toBe(true);
    await page.getByTestId('bureau-agree').click();
    await page.getByTestId('bureau-submit').click();
    await page.getByText('已送达 2 所学校，新安装 2 所').waitFor();
    const sent = page.locator('.cb-bureau-picks__card', { hasText: '已推荐和部署的应用' });
    await sent.getByText(deployed.appId).waitFor();
    expect(await sent.getByText(recommended.appId).count()).toBe(1);
    await sent.locator('tr', { hasText: deployed.appId }).getByText('必装').waitFor();
    // The list names the apps.
    expect(await sent.locator('tr', { hasText: deployed.appId }).textContent()).toContain(deployed.name);
    await shot(page, 'deployed as mandatory');
    await bureau.context.close();

    const school = await files.as(fenglin.code, fenglin.admin);
    const admin = school.page;
    // The deployed app is installed already: its menu entry is in the side menu.
    await admin.getByRole('menuitem', { name: deployed.menu }).waitFor();
    await admin.getByRole('menuitem', { name: '应用市场' }).click();
    const card = (appId: string) => admin.getByTestId('market-results').getByTestId(`app-${appId}`);
    await card(recommended.appId).getByTestId('pick-recommend').waitFor();
    expect(await card(recommended.appId).getByTestId('pick-recommend').textContent()).toContain('推荐');
    expect(await card(deployed.appId).getByTestId('pick-deploy').textContent()).toMatch(
      /统一部署\s*·\s*必装/,
    );
    await card(recommended.appId).getByTestId('pick-recommend').hover();
    await admin.getByText(`${county.name}：新学期排课可先试用`).waitFor();
    await shot(admin, 'the school sees the picks in the marketplace');

    await admin.getByRole('tab', { name: '本校已安装' }).click();
    const row = admin.getByTestId('installed-apps').locator('tr', { hasText: deployed.name });
    await row.getByText('已启用').waitFor();
    // 卸载 and 停用 are shown disabled, with the reason on hover; the server refuses them anyway.
    expect(await row.getByTestId(`uninstall-${deployed.appId}`).isDisabled()).toBe(true);
    expect(await row.getByRole('button', { name: '停用' }).isDisabled()).toBe(true);
    await row.getByTestId(`locked-${deployed.appId}`).hover();
    await admin.getByText('由教育局统一部署，学校不能卸载或停用').first().waitFor();
    await admin.getByText(`部署单位：${county.name}`).first().waitFor();
    await shot(admin, 'a mandatory app cannot be removed');

    // Around the UI, through the admin's own session, every way to remove it is refused too.
    const installations = await school.fetch('/api/v1/apps/installations');
    const id = (installations.body as { items: Array<{ id: string; appId: string }> }).items.find(
      (i) => i.appId === deployed.appId,
    )!.id;
    const attempts = [
      ['DELETE', `/api/v1/apps/installations/${id}`],
      ['POST', `/api/v1/apps/installations/${id}/disable`],
      ['DELETE', `/api/v1/marketplace/installs/${id}`],
      ['DELETE', `/api/v1/apps/installations/${id.toUpperCase()}`],
      ['POST', `/api/v1/apps/installations/${id.toUpperCase()}/disable`],
      ['DELETE', `/api/v1/apps/installations/${id}/`],
      ['DELETE', `/api/v1/apps/installations/%${id.charCodeAt(0).toString(16)}${id.slice(1)}`],
    ] as const;
    for (const [method, path] of attempts) {
      const answer = await school.fetch(path, { method });
      expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
    }
    const direct = await school.fetch(`/api/v1/apps/installations/${id}`, { method: 'DELETE' });
    expect(direct).toMatchObject({ status: 403, body: { error: { code: 'mandatory_app' } } });
    // …and a school cannot push apps to others as if it were a bureau.
    const push = await school.fetch('/api/v1/marketplace/bureau/picks', {
      method: 'POST',
      body: { appId: recommended.appId, mode: 'deploy', mandatory: true, consent: true },
    });
    expect(push.status).toBe(403);

    // Nothing changed on the server: still installed and enabled, still in the menu.
    const after = await school.fetch('/api/v1/apps/installations');
    const still = (after.body as { items: Array<{ appId: string; status: string }> }).items;
    expect(still.find((i) => i.appId === deployed.appId)?.status).toBe('enabled');
    await admin.reload();
    await admin.getByRole('menuitem', { name: deployed.menu }).waitFor();
    await school.context.close();
  });

  it('shows app adoption and device health per school with the seeded and live numbers', async () => {
    const middle = await files.as(yongjiang.code, yongjiang.admin);
    // One of 邕江's seeded classroom sensors comes online with a fresh secret and reports CO2 above
    // the seeded 1500 ppm alarm rule.
    const devices = (await middle.fetch('/api/v1/iot/devices')).body as Device[];
    const sensor = devices.find((d) => d.name === '七年级(1)班教室环境传感器')!;
    const issued = await middle.fetch(`/api/v1/iot/devices/${sensor.id}/rotate-secret`, { method: 'POST' });
    const { username, password } = (issued.body as { mqtt: { username: string; password: string } }).mqtt;
    const device = await connectDeviceSocket(files.platform.mqttUrl, {
      id: username,
      secret: password,
      tenantCode: yongjiang.code,
      type: 'classroom-sensor',
    });
    try {
      device.publish([
        {
          topic: `cb/${yongjiang.code}/${username}/up/telemetry`,
          payload: JSON.stringify({
            ts: Date.now(),
            temperature: 27.5,
            humidity: 68,
            co2: 1820,
            pm25: 35,
            seq: 1,
          }),
        },
      ]);
      // Ingest and the online state are asynchronous: wait for them (the bound is not what is tested).
      const settled = { timeout: 20_000 };
      await expect
        .poll(
          async () => ((await middle.fetch('/api/v1/iot/alarms?status=active')).body as unknown[]).length,
          settled,
        )
        .toBeGreaterThanOrEqual(1);
      await expect
        .poll(
          async () => ((await middle.fetch('/api/v1/iot/devices')).body as Device[]).some((d) => d.online),
          settled,
        )
        .toBe(true);

      // What each school's own admin sees is what the bureau's counts must add up to.
      const primary = await files.as(fenglin.code, fenglin.admin);
      const expected = new Map([
        [yongjiang.name, await schoolFigures(middle)],
        [fenglin.name, await schoolFigures(primary)],
      ]);
      await primary.context.close();
      expect(expected.get(yongjiang.name)).toMatchObject({ devicesOnline: 1 });
      expect(expected.get(yongjiang.name)!.devicesTotal).toBeGreaterThanOrEqual(10);
      expect(expected.get(yongjiang.name)!.alarmsActive).toBeGreaterThanOrEqual(1);
      expect(expected.get(fenglin.name)).toMatchObject({ devicesOnline: 0, alarmsActive: 0 });
      expect(expected.get(fenglin.name)!.devicesTotal).toBeGreaterThanOrEqual(5);
      for (const figures of expected.values()) expect(figures.appsEnabled).toBeGreaterThanOrEqual(1);

      const bureau = await files.as(county.code, 'bureau.qingxiu');
      const page = bureau.page;
      // The chart honours reduced motion, so the screenshot shows the finished bars.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.getByRole('menuitem', { name: '辖区学校' }).click();
      const panel = page.getByTestId('bureau-adoption');
      const table = panel.getByTestId('adoption-table');
      for (const [name, figures] of expected) {
        const cells = table.locator('tr.el-table__row', { hasText: name }).locator('td');
        await cells.first().waitFor();
        const [, apps, total, online, offline, rate, alarms] = (await cells.allTextContents()).map((c) =>
          c.trim(),
        );
        expect({ name, apps, total, online, offline, alarms }).toEqual({
          name,
          apps: String(figures.appsEnabled),
          total: String(figures.devicesTotal),
          online: String(figures.devicesOnline),
          offline: String(figures.devicesTotal - figures.devicesOnline),
          alarms: String(figures.alarmsActive),
        });
        expect(rate).toBe(`${Math.round((figures.devicesOnline / figures.devicesTotal) * 100)}%`);
      }
      const sum = (key: keyof Figures) => [...expected.values()].reduce((n, f) => n + f[key], 0);
      expect(await panel.getByTestId('adoption-totals').textContent()).toContain(
        `已启用应用 ${sum('appsEnabled')} 个；设备 ${sum('devicesTotal')} 台，在线 ${sum('devicesOnline')} 台`,
      );
      // The chart (ECharts, loaded only on this page) draws the same schools.
      await panel.locator('canvas').first().waitFor();
      expect(await page.textContent('body')).not.toContain(sensor.id);
      await shot(page, 'adoption and device health');
      await bureau.context.close();
    } finally {
      await device.end();
      await middle.context.close();
    }
  });

  it('withdraws both picks: the schools stop seeing them, and the deployed app stays but is no longer mandatory', async () => {
    const bureau = await openBureauPicks();
    const page = bureau.page;
    const sent = page.getByTestId('bureau-sent');
    for (const appId of [deployed.appId, recommended.appId]) {
      await sent.getByTestId(`withdraw-${appId}`).click();
      await page.locator('.el-message-box').getByRole('button', { name: '撤回', exact: true }).click();
      await sent.getByTestId(`withdraw-${appId}`).waitFor({ state: 'detached' });
    }
    await shot(page, 'withdrawn');
    await bureau.context.close();

    const school = await files.as(fenglin.code, fenglin.admin);
    const admin = school.page;
    await admin.getByRole('menuitem', { name: '应用市场' }).click();
    const results = admin.getByTestId('market-results');
    await results.getByTestId(`app-${recommended.appId}`).waitFor();
    expect(await results.getByTestId(`app-${recommended.appId}`).getByTestId('pick-recommend').count()).toBe(
      0,
    );
    expect(await results.getByTestId(`app-${deployed.appId}`).getByTestId('pick-deploy').count()).toBe(0);
    // Still installed, and now the school decides: switching it off works.
    await admin.getByRole('tab', { name: '本校已安装' }).click();
    const row = admin.getByTestId('installed-apps').locator('tr', { hasText: deployed.name });
    const answer = admin.waitForResponse((r) => r.url().endsWith('/disable'));
    await row.getByRole('button', { name: '停用' }).click();
    expect((await answer).status()).toBe(204);
    await row.getByText('已停用').waitFor();
    await admin.getByRole('menuitem', { name: deployed.menu }).waitFor({ state: 'detached' });
    await shot(admin, 'the school switched it off');
    await school.context.close();
  });
});
