import { connect, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import { appIotPort } from '../apps/iot.ts';
import type { Platform } from '../platform.ts';

async function until<T>(check: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function mqttConnect(port: number, username: string, password: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = connect(`mqtt://127.0.0.1:${port}`, { username, password, reconnectPeriod: 0 });
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
  });
}

/** The IoT bridge's consumers as the platform wires them: the message centre and the app runtime. */
describe('IoT consumers in the running platform', () => {
  let db: TestDatabase;
  let platform: Platform;
  let school: { id: string; code: string };
  let other: { id: string; code: string };

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    platform = await startTestPlatform(db);
    const schools = await db.owner
      .selectFrom('tenants')
      .select(['id', 'code'])
      .where('kind', '=', 'school')
      .orderBy('code')
      .execute();
    school = schools[0]!;
    other = schools[1]!;
  });
  afterAll(async () => {
    await platform?.stop();
    await db.drop();
  });

  it('turns a CO₂ alarm from a real MQTT device into an alert in the school admins’ inboxes', async () => {
    const sensor = await db.owner
      .selectFrom('iot_devices as d')
      .innerJoin('iot_device_profiles as p', 'p.id', 'd.profile_id')
      .select(['d.id'])
      .where('d.tenant_id', '=', school.id)
      .where('p.key', '=', 'classroom-sensor')
      .executeTakeFirstOrThrow();
    const credentials = await platform.iot.services.registry.rotateSecret(school.id, 'test', sensor.id);
    const alerts = (tenantId: string) =>
      db.owner
        .selectFrom('messages')
        .select(['id'])
        .where('tenant_id', '=', tenantId)
        .where('category', '=', 'alert')
        .execute()
        .then((rows) => rows.map((r) => r.id));
    const before = await alerts(school.id);
    const otherBefore = await alerts(other.id);
    const client = await mqttConnect(platform.broker!.port, credentials.username, credentials.secret);
    try {
      await client.publishAsync(
        `cb/${school.code}/${sensor.id}/up/telemetry`,
        JSON.stringify({ ts: Date.now(), co2: 2100, temperature: 24.5, humidity: 55 }),
        { qos: 1 },
      );
      const messageId = await until(
        async () => (await alerts(school.id)).find((id) => !before.includes(id)),
        'the alarm message',
      );
      const deliveries = await db.owner
        .selectFrom('message_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('message_id', '=', messageId)
        .executeTakeFirstOrThrow();
      expect(Number(deliveries.n)).toBeGreaterThan(0);
      expect(await alerts(other.id)).toEqual(otherBefore);
    } finally {
      await client.endAsync();
    }
  });

  it('lets apps list and command only their own school’s devices, tracked like an admin’s command', async () => {
    const port = appIotPort(platform.db.app, platform.iot.services.commands);
    const boards = (await port.listDevices(school.id, 'class-board')) as {
      items: Array<{ id: string; type: string }>;
    };
    expect(boards.items.length).toBeGreaterThan(0);
    expect(boards.items.every((d) => d.type === 'class-board')).toBe(true);
    const board = boards.items[0]!;
    expect(await port.deviceType(school.id, board.id)).toBe('class-board');
    expect(await port.deviceType(other.id, board.id)).toBeNull();
    const otherBoards = (await port.listDevices(other.id, 'class-board')) as { items: Array<{ id: string }> };
    expect(otherBoards.items.map((d) => d.id)).not.toContain(board.id);

    const receipt = (await port.sendCommand(school.id, {
      deviceId: board.id,
      command: 'timetable.show',
      params: { week: 1 },
    })) as { commandId: string; status: string };
    expect(['queued', 'sent']).toContain(receipt.status);
    const row = await db.owner
      .selectFrom('iot_commands')
      .select(['device_id', 'name', 'tenant_id'])
      .where('id', '=', receipt.commandId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ device_id: board.id, name: 'timetable.show', tenant_id: school.id });
    await expect(
      port.sendCommand(other.id, { deviceId: board.id, command: 'timetable.show' }),
    ).rejects.toThrow();
  });
});
