import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDeviceSocket } from '../../iot-bridge/src/simulator/device-connection.ts';
import { generate, random } from '../../iot-bridge/src/simulator/generators.ts';
import { launchChromium, newContext, screenshotOnFailure, screenshots } from './browser.ts';
import { type RunningPlatform, startPlatformProcess } from './platform-process.ts';

const school = '2145010301';
let platform: RunningPlatform;
let browser: Browser;
const shot = screenshots('devices');

beforeAll(async () => {
  platform = await startPlatformProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('the device console', () => {
  it('registers a device, and the chart shows the telemetry the simulator sends', async () => {
    const context = await newContext(browser, { baseURL: platform.url });
    const page = await context.newPage();
    screenshotOnFailure(page, 'devices');
    await page.goto(`/s/${school}`);
    await page.getByTestId('username').fill('admin.fenglin');
    await page.getByTestId('password').fill('Campus@2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workbench-board').waitFor();

    await page.getByRole('menuitem', { name: '设备管理' }).click();
    await page.getByTestId('devices-table').waitFor();
    await page.getByTestId('device-register').click();
    const dialog = page.getByTestId('register-dialog');
    await dialog.getByTestId('device-profile').click();
    await page.getByRole('option', { name: '教室环境传感器' }).click();
    await dialog.getByTestId('device-name').fill('四年级(2)班教室环境传感器');
    await shot(page, 'register a device');
    await dialog.getByTestId('device-register-submit').click();

    const credentials = page.getByTestId('device-credentials');
    await credentials.waitFor();
    const username = (await credentials.getByTestId('mqtt-username').textContent())!.trim();
    const password = (await credentials.getByTestId('mqtt-password').textContent())!.trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    await shot(page, 'credentials shown once');
    await credentials.getByTestId('credentials-done').click();

    await page.getByTestId('devices-table').getByText('四年级(2)班教室环境传感器').click();
    await page.getByTestId('no-telemetry').waitFor();

    // The IoT simulator, as the device: its own credentials, its own topic, QoS 1.
    const device = await connectDeviceSocket(platform.mqttUrl, {
      id: username,
      secret: password,
      tenantCode: school,
      type: 'classroom-sensor',
    });
    try {
      const rand = random(7);
      const start = Date.now() - 9 * 60_000;
      for (let i = 0; i < 10; i++) {
        const message = generate('classroom-sensor', start + i * 60_000, rand, i + 1);
        device.publish([
          { topic: `cb/${school}/${username}/up/${message.kind}`, payload: JSON.stringify(message.payload) },
        ]);
      }
      await page.getByTestId('telemetry-chart').locator('canvas').first().waitFor();
      await page.getByTestId('latest-telemetry').filter({ hasText: 'temperature' }).waitFor();
      expect(await page.getByTestId('device-online').textContent()).toContain('在线');
      expect(device.sent).toBe(10);
      await shot(page, 'telemetry chart');
    } finally {
      await device.end();
    }
    await context.close();
  });
});
