import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/ports.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { createCommandService } from '../commands/commands.ts';
import { provisionSimulatedDevices, type SimDevice } from '../simulator/provision.ts';
import { simulate } from '../simulator/simulate.ts';
import type { IotTables } from '../tables.ts';
import {
  type BrokerRig,
  connectDevice,
  directoryFor,
  quietLogger,
  startBrokerRig,
  until,
} from '../testing/rig.ts';
import { createTestSchool } from '../testing/school.ts';
import { type Bridge, startBridge } from './bridge.ts';

const cli = join(import.meta.dirname, '../cli/main.ts');
const noopSinks = { events: { deliver: async () => undefined }, alarms: { notify: async () => undefined } };

/**
 * The process that acknowledges device messages: for Mosquitto a bridge process (the broker keeps
 * the unacknowledged messages in the bridge's session); for aedes the embedded broker with ingest
 * in its publish hook (the devices keep theirs until the PUBACK), on its own port.
 */
function spawnIngest(
  db: TestDatabase,
  rig: BrokerRig,
  clientId: string,
  port: number,
): Promise<ChildProcess> {
  const args = rig.embedded
    ? [cli, 'broker', '--port', String(port), '--client-id', clientId]
    : [cli, 'bridge', '--client-id', clientId];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DATABASE_URL: db.ownerUrl,
      MQTT_URL: rig.url,
      MQTT_HOST: '127.0.0.1',
      MQTT_BRIDGE_USERNAME: rig.bridge.username,
      MQTT_BRIDGE_PASSWORD: rig.bridge.password,
      MQTT_PROTOCOL: String(rig.protocolVersion),
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('bridge ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`ingest process exited with ${code}`)));
  });
}

describe.each(['aedes', 'mosquitto'] as const)('the bridge against a real %s broker', (kind) => {
  let db: TestDatabase;
  let owner: Kysely<IotTables>;
  let rig: BrokerRig;
  let school: { id: string; code: string };
  let sensors: SimDevice[];
  let boards: SimDevice[];
  let bridge: Bridge | null = null;
  const clientId = `cb-bridge-test-${kind}`;

  const startInProcessBridge = async () => {
    const started = await startBridge({
      db: { owner },
      tenants: directoryFor(owner),
      logger: quietLogger,
      ...noopSinks,
      embedded: rig.embedded,
      mqtt: {
        url: rig.url,
        username: rig.bridge.username,
        password: rig.bridge.password,
        clientId,
        protocolVersion: rig.protocolVersion,
      },
      presenceMs: 300,
    });
    rig.attachIngest(started.ingest);
    return started;
  };
  const telemetryCount = async (deviceIds: string[]) => {
    const { rows } = await sql<{ n: number; distinct_seq: number }>`
      SELECT count(*)::int AS n, count(DISTINCT (device_id, data->>'seq'))::int AS distinct_seq
      FROM iot_telemetry WHERE device_id = ANY(${deviceIds}::uuid[])`.execute(owner);
    return rows[0]!;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = db.owner as unknown as Kysely<IotTables>;
    school = await createTestSchool(owner, kind === 'aedes' ? '2145019901' : '2145019902');
    rig = await startBrokerRig(kind, await freePort(), owner);
    sensors = await provisionSimulatedDevices(owner, school, 'classroom-sensor', 20);
    boards = await provisionSimulatedDevices(owner, school, 'class-board', 3);
    await sql`UPDATE iot_device_profiles SET heartbeat_seconds = 2 WHERE key = 'class-board'`.execute(owner);
    await rig.provision([...sensors, ...boards]);
  });
  afterAll(async () => {
    rig?.attachIngest(null);
    await bridge?.stop();
    await rig?.stop();
    await db?.drop();
  });

  it('refuses a device with a wrong secret', async () => {
    await expect(connectDevice(rig.url, { ...sensors[0]!, secret: 'not-the-secret' })).rejects.toThrow(
      /not authori[sz]ed|bad user ?name or password|closed/i,
    );
    const good = await connectDevice(rig.url, sensors[0]!);
    await good.endAsync();
  });

  it('kill -9 of the process that acknowledges (bridge; aedes: broker + ingest) mid-stream, then a restart, loses nothing and duplicates nothing', async () => {
    const port = await freePort();
    let child = await spawnIngest(db, rig, clientId, port);
    const devices = sensors.slice(0, 10);
    const url = rig.embedded ? `mqtt://127.0.0.1:${port}` : rig.url;
    const run = simulate({ url, devices, rate: 100, seconds: 4 });
    await until(
      async () => ((await telemetryCount(devices.map((d) => d.id))).n > 200 ? true : undefined),
      20_000,
      'first rows',
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 500));
    child = await spawnIngest(db, rig, clientId, port);
    const result = await run;
    expect(result.failed).toBe(0);
    expect(result.acknowledged).toBe(result.published);
    let last = { n: 0, distinct_seq: 0 };
    const counted = await until(
      async () => {
        last = await telemetryCount(devices.map((d) => d.id));
        return last.n >= result.published ? last : undefined;
      },
      30_000,
      'every message stored',
    ).catch(async (error: Error) => {
      // Say how far it got, so a failure on a loaded CI machine can be told from a loss.
      const dead = await sql<{ n: number; reasons: string[] }>`
        SELECT count(*)::int AS n, array_agg(DISTINCT reason) AS reasons FROM iot_dead_letters`.execute(
        owner,
      );
      throw new Error(
        `${error.message}: ${last.n} of ${result.published} stored (${last.distinct_seq} distinct), ` +
          `dead letters ${JSON.stringify(dead.rows[0])}`,
      );
    });
    // A moment longer, so late duplicates would show.
    await new Promise((r) => setTimeout(r, 500));
    const final = await telemetryCount(devices.map((d) => d.id));
    expect(final.n).toBe(result.published);
    expect(final.distinct_seq).toBe(result.published);
    expect(counted.n).toBe(final.n);
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }, 90_000);

  it('refuses a device publishing under another device topic or subscribing to its commands', async () => {
    bridge = await startInProcessBridge();
    await bridge.ready();
    const [attacker, victim] = [sensors[10]!, sensors[11]!];
    const client = await connectDevice(rig.url, attacker);
    client.on('error', () => undefined);
    const granted = await client
      .subscribeAsync(`cb/${school.code}/${victim.id}/down/#`, { qos: 1 })
      .catch(() => [{ qos: 128 }]);
    expect(granted[0]?.qos).toBe(128);
    client.publish(
      `cb/${school.code}/${victim.id}/up/telemetry`,
      JSON.stringify({ temperature: 99, co2: 9999, seq: 1 }),
      { qos: 1 },
    );
    await client.endAsync(true).catch(() => undefined);
    // The attacker's own message, sent after, proves the bridge has read past the refused one.
    const honest = await connectDevice(rig.url, attacker);
    await honest.publishAsync(
      `cb/${school.code}/${attacker.id}/up/telemetry`,
      JSON.stringify({ temperature: 22, co2: 500, seq: 1 }),
      { qos: 1 },
    );
    await honest.endAsync();
    await until(
      async () => ((await telemetryCount([attacker.id])).n === 1 ? true : undefined),
      15_000,
      'honest message',
    );
    expect((await telemetryCount([victim.id])).n).toBe(0);
  });

  it('puts malformed JSON and schema violations in the dead letter with the reason and raw bytes', async () => {
    const device = sensors[12]!;
    const client = await connectDevice(rig.url, device);
    const raw = Buffer.from('{"temperature": 21.5, "co2": ');
    await client.publishAsync(`cb/${school.code}/${device.id}/up/telemetry`, raw, { qos: 1 });
    await client.publishAsync(
      `cb/${school.code}/${device.id}/up/telemetry`,
      JSON.stringify({ temperature: 'hot', co2: 1 }),
      { qos: 1 },
    );
    await client.endAsync();
    const rows = await until(
      async () => {
        const r = await owner
          .selectFrom('iot_dead_letters')
          .selectAll()
          .where('device_id', '=', device.id)
          .orderBy('id')
          .execute();
        return r.length === 2 ? r : undefined;
      },
      15_000,
      'dead letters',
    );
    expect(rows[0]!.reason).toMatch(/malformed JSON/);
    expect(Buffer.compare(rows[0]!.payload, raw)).toBe(0);
    expect(rows[1]!.reason).toMatch(/schema.*temperature/);
    expect((await telemetryCount([device.id])).n).toBe(0);
  });

  it('reconnects after a broker restart and keeps ingesting', async () => {
    const device = sensors[13]!;
    await rig.restart();
    const client = await until(
      () => connectDevice(rig.url, device).catch(() => undefined),
      15_000,
      'broker back',
    );
    await until(async () => (bridge!.isConnected() ? true : undefined), 20_000, 'bridge reconnected');
    await client.publishAsync(
      `cb/${school.code}/${device.id}/up/telemetry`,
      JSON.stringify({ temperature: 23, co2: 600, seq: 1 }),
      { qos: 1 },
    );
    await client.endAsync();
    await until(
      async () => ((await telemetryCount([device.id])).n === 1 ? true : undefined),
      20_000,
      'row after restart',
    );
  }, 60_000);

  it('marks a device that vanishes without a last will offline within the heartbeat timeout', async () => {
    const device = boards[0]!;
    const client = await connectDevice(rig.url, device, { keepalive: 0 });
    await client.publishAsync(
      `cb/${school.code}/${device.id}/up/telemetry`,
      JSON.stringify({ brightness: 80, seq: 1 }),
      { qos: 1 },
    );
    await until(
      async () => {
        const row = await owner
          .selectFrom('iot_devices')
          .select('online')
          .where('id', '=', device.id)
          .executeTakeFirst();
        return row?.online ? true : undefined;
      },
      15_000,
      'online',
    );
    // Vanish: the socket dies, no DISCONNECT, no will.
    client.stream.destroy();
    client.end(true);
    const row = await until(
      async () => {
        const r = await owner
          .selectFrom('iot_devices')
          .select(['online', 'last_seen_at', 'online_changed_at'])
          .where('id', '=', device.id)
          .executeTakeFirst();
        return r && !r.online ? r : undefined;
      },
      15_000,
      'offline',
    );
    const silentMs = row.online_changed_at!.getTime() - row.last_seen_at!.getTime();
    expect(silentMs).toBeGreaterThanOrEqual(2000);
    // Heartbeat 2 s, swept every 0.3 s: flagged well before a second heartbeat period passes.
    expect(silentMs).toBeLessThan(4000);
  });

  it('marks a device offline at once from its last will', async () => {
    const device = boards[1]!;
    const client = await connectDevice(rig.url, device, {
      will: {
        topic: `cb/${school.code}/${device.id}/up/status`,
        payload: Buffer.from('{"online":false}'),
        qos: 1,
        retain: false,
      },
    });
    await client.publishAsync(`cb/${school.code}/${device.id}/up/status`, JSON.stringify({ online: true }), {
      qos: 1,
    });
    await until(async () =>
      (await owner.selectFrom('iot_devices').select('online').where('id', '=', device.id).executeTakeFirst())
        ?.online
        ? true
        : undefined,
    );
    await sql`UPDATE iot_device_profiles SET heartbeat_seconds = 3600 WHERE key = 'class-board'`.execute(
      owner,
    );
    client.stream.destroy();
    client.end(true);
    await until(
      async () =>
        (
          await owner
            .selectFrom('iot_devices')
            .select('online')
            .where('id', '=', device.id)
            .executeTakeFirst()
        )?.online === false
          ? true
          : undefined,
      15_000,
      'offline by will',
    );
    await sql`UPDATE iot_device_profiles SET heartbeat_seconds = 2 WHERE key = 'class-board'`.execute(owner);
  });

  it('round-trips a command with a reply, and expires one nobody answers', async () => {
    const device = boards[2]!;
    const audit = { record: async () => undefined };
    const db2 = {
      owner,
      withTenant: <T>(_tenant: string, work: (trx: never) => Promise<T>) =>
        owner.transaction().execute((trx) => work(trx as never)),
    };
    const commands = createCommandService({
      db: db2,
      tenants: directoryFor(owner),
      audit,
      publisher: () => bridge!.publisher(),
    });
    await until(async () => (bridge!.publisher().connected ? true : undefined), 15_000, 'publisher');
    const client = await connectDevice(rig.url, device);
    await client.subscribeAsync(`cb/${school.code}/${device.id}/down/#`, { qos: 1 });
    client.on('message', (topic, payload) => {
      const command = JSON.parse(payload.toString()) as {
        id: string;
        name: string;
        params: { page: string };
      };
      if (!topic.endsWith('/down/show-page')) return;
      const reply = `cb/${school.code}/${device.id}/up/reply`;
      client.publish(reply, JSON.stringify({ id: command.id, status: 'ack' }), { qos: 1 });
      client.publish(
        reply,
        JSON.stringify({ id: command.id, status: 'done', result: { shown: command.params.page } }),
        { qos: 1 },
      );
    });
    const sent = await commands.send(school.id, 'test', {
      deviceId: device.id,
      name: 'show-page',
      params: { page: 'timetable' },
      timeoutSeconds: 30,
    });
    expect(sent.status).toBe('sent');
    const done = await until(
      async () => {
        const c = await commands.get(school.id, sent.id);
        return c.status === 'done' ? c : undefined;
      },
      15_000,
      'command done',
    );
    expect(done.result).toEqual({ shown: 'timetable' });
    expect(done.acknowledged_at).not.toBeNull();

    const ignored = await commands.send(school.id, 'test', {
      deviceId: device.id,
      name: 'reboot',
      timeoutSeconds: 1,
    });
    const expired = await until(
      async () => {
        const c = await commands.get(school.id, ignored.id);
        return c.status === 'expired' ? c : undefined;
      },
      15_000,
      'command expired',
    );
    expect(expired.result).toBeNull();
    await client.endAsync();
  });
});
