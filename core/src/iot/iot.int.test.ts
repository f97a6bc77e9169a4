import type { MqttClient } from 'mqtt';
import { connect } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/ports.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { createApp, type App } from '../app.ts';
import { loadConfig } from '../config/index.ts';
import type { Databases } from '../db/index.ts';
import { createLogger } from '../logger.ts';
import { insertTenant } from '../tenancy/tenancy.repository.ts';
import { loadIotConfig } from './iot.config.ts';
import type { Authorize } from './iot.routes.ts';
import { type IotRuntime, startIot } from './iot.runtime.ts';
import { mountIot } from './index.ts';

const SECRET = 'test-secret-key-test-secret-key-0123456789';
const ADMIN = '00000000-0000-4000-8000-0000000000a1';

// The identity module is tested on its own; here the caller's school comes from a header.
const authorize: Authorize = async (c) => ({
  personId: ADMIN,
  activeTenantId: c.req.header('x-test-school')!,
});

function mqttConnect(url: string, username: string, password: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = connect(url, { username, password, reconnectPeriod: 0, protocolVersion: 4 });
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
  });
}

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the IoT routes and the embedded broker in core', () => {
  let db: TestDatabase;
  let iot: IotRuntime;
  let app: App;
  let schoolA: { id: string; code: string };
  let schoolB: { id: string; code: string };
  let url: string;

  const call = (school: string, method: string, path: string, body?: unknown, type = 'application/json') =>
    app.request(path, {
      method,
      headers: { 'x-test-school': school, 'content-type': type, origin: 'http://localhost:3000' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    const root = await insertTenant(db.owner, {
      parentId: null,
      kind: 'platform',
      name: '平台',
      code: 'platform',
    });
    schoolA = await insertTenant(db.owner, {
      parentId: root.id,
      kind: 'school',
      name: '甲校',
      code: '2145010381',
    });
    schoolB = await insertTenant(db.owner, {
      parentId: root.id,
      kind: 'school',
      name: '乙校',
      code: '2145010382',
    });
    const logger = createLogger('silent');
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.ownerUrl,
      SECRET_KEY: SECRET,
      MQTT_PORT: String(await freePort()),
    });
    const databases: Databases = {
      owner: db.owner,
      app: db.app,
      ownerUrl: db.ownerUrl,
      appUrl: db.appUrl,
      embedded: null,
      close: async () => undefined,
    };
    iot = await startIot(config, loadIotConfig({}), databases, logger, SECRET);
    await iot.bridge.ready();
    url = `mqtt://127.0.0.1:${iot.broker!.port}`;
    app = createApp({ logger, readiness: () => [] });
    mountIot(app, databases, logger, iot, authorize);
  });
  afterAll(async () => {
    await iot?.stop();
    await db?.drop();
  });

  let profileId: string;
  let device: { id: string; password: string; topicPrefix: string };

  it('registers a profile and a device, shows the password once and never the hash', async () => {
    const profile = await call(schoolA.id, 'POST', '/api/v1/iot/profiles', {
      key: 'classroom-sensor',
      name: '教室环境传感器',
      telemetrySchema: { type: 'object', required: ['co2'], properties: { co2: { type: 'number' } } },
      heartbeatSeconds: 60,
    });
    expect(profile.status).toBe(201);
    profileId = ((await profile.json()) as { id: string }).id;
    const res = await call(schoolA.id, 'POST', '/api/v1/iot/devices', {
      name: '七年级(2)班教室环境传感器',
      profileId,
      serial: 'AQ-0702',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      device: Record<string, unknown>;
      mqtt: { username: string; password: string; topicPrefix: string };
    };
    expect(JSON.stringify(body)).not.toMatch(/secret_hash|[0-9a-f]{64}/);
    expect(body.mqtt.topicPrefix).toBe(`cb/${schoolA.code}/${body.mqtt.username}/`);
    device = { id: body.mqtt.username, password: body.mqtt.password, topicPrefix: body.mqtt.topicPrefix };
    const listed = (await (await call(schoolA.id, 'GET', '/api/v1/iot/devices')).json()) as Array<{
      id: string;
    }>;
    expect(listed.map((d) => d.id)).toEqual([device.id]);
  });

  it('keeps one school from seeing or changing another school’s device', async () => {
    expect((await call(schoolB.id, 'GET', `/api/v1/iot/devices/${device.id}`)).status).toBe(404);
    expect((await call(schoolB.id, 'POST', `/api/v1/iot/devices/${device.id}/rotate-secret`)).status).toBe(
      404,
    );
    expect(await (await call(schoolB.id, 'GET', '/api/v1/iot/devices')).json()).toEqual([]);
  });

  it('raises one alarm while CO₂ is above 1500 ppm, clears it when it falls, and audits the rule', async () => {
    const rule = await call(schoolA.id, 'POST', '/api/v1/iot/alarm-rules', {
      profileId,
      name: '二氧化碳超标',
      field: 'co2',
      operator: '>',
      threshold: 1500,
      severity: 'warning',
    });
    expect(rule.status).toBe(201);
    const client = await mqttConnect(url, device.id, device.password);
    for (const co2 of [1600, 1700])
      await client.publishAsync(
        `${device.topicPrefix}up/telemetry`,
        JSON.stringify({ ts: Date.now(), co2 }),
        { qos: 1 },
      );
    const active = await until(async () => {
      const list = (await (
        await call(schoolA.id, 'GET', '/api/v1/iot/alarms?status=active')
      ).json()) as Array<{ status: string; value: number }>;
      return list.length > 0 ? list : undefined;
    }, 'alarm raised');
    expect(active).toHaveLength(1);
    await client.publishAsync(
      `${device.topicPrefix}up/telemetry`,
      JSON.stringify({ ts: Date.now() + 1, co2: 800 }),
      { qos: 1 },
    );
    await until(async () => {
      const list = (await (
        await call(schoolA.id, 'GET', '/api/v1/iot/alarms?status=cleared')
      ).json()) as unknown[];
      return list.length === 1 ? true : undefined;
    }, 'alarm cleared');
    expect(await (await call(schoolA.id, 'GET', '/api/v1/iot/alarms?status=active')).json()).toEqual([]);
    await client.endAsync();
    const audit = await db.owner
      .selectFrom('audit_log')
      .select('action')
      .where('tenant_id', '=', schoolA.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['iot.profile.create', 'iot.device.create', 'iot.alarm-rule.create']),
    );
  });

  it('rotating the secret locks the old one out of the embedded broker', async () => {
    const res = await call(schoolA.id, 'POST', `/api/v1/iot/devices/${device.id}/rotate-secret`);
    const fresh = ((await res.json()) as { mqtt: { password: string } }).mqtt.password;
    await expect(mqttConnect(url, device.id, device.password)).rejects.toThrow(/not authori[sz]ed|bad user/i);
    const ok = await mqttConnect(url, device.id, fresh);
    await ok.endAsync();
    device.password = fresh;
  });

  it('imports a CSV all or nothing, naming each bad line', async () => {
    const bad = await call(
      schoolA.id,
      'POST',
      '/api/v1/iot/devices/import',
      'name,profile,serial\n东门闸机,classroom-sensor,GATE-E\n,classroom-sensor,GATE-W\n西门闸机,no-such-type,GATE-X\n',
      'text/csv',
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/line 3/);
    const good = await call(
      schoolA.id,
      'POST',
      '/api/v1/iot/devices/import',
      'name,profile,serial,group\n东门闸机,classroom-sensor,GATE-E,校门\n西门闸机,classroom-sensor,GATE-W,校门\n',
      'text/csv',
    );
    expect(good.status).toBe(201);
    expect((await good.json()) as unknown[]).toHaveLength(2);
    const groups = (await (await call(schoolA.id, 'GET', '/api/v1/iot/groups')).json()) as Array<{
      name: string;
    }>;
    expect(groups.map((g) => g.name)).toEqual(['校门']);
  });

  it('answers EMQX auth and ACL hooks from the registry, only with the hook token', async () => {
    const hook = (path: string, body: unknown, token = iot.emqxToken) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    expect(
      (
        await hook(
          '/api/v1/iot/emqx/auth',
          { username: device.id, password: device.password },
          'wrong-token-wrong-token',
        )
      ).status,
    ).toBe(401);
    expect(
      await (await hook('/api/v1/iot/emqx/auth', { username: device.id, password: device.password })).json(),
    ).toMatchObject({ result: 'allow' });
    expect(
      await (await hook('/api/v1/iot/emqx/auth', { username: device.id, password: 'guess' })).json(),
    ).toMatchObject({ result: 'deny' });
    const own = await hook('/api/v1/iot/emqx/acl', {
      username: device.id,
      topic: `${device.topicPrefix}up/telemetry`,
      action: 'publish',
    });
    expect(await own.json()).toEqual({ result: 'allow' });
    const foreign = await hook('/api/v1/iot/emqx/acl', {
      username: device.id,
      topic: `cb/${schoolA.code}/00000000-0000-4000-8000-000000000000/up/telemetry`,
      action: 'publish',
    });
    expect(await foreign.json()).toEqual({ result: 'deny' });
    const everything = await hook('/api/v1/iot/emqx/acl', {
      username: device.id,
      topic: 'cb/#',
      action: 'subscribe',
    });
    expect(await everything.json()).toEqual({ result: 'deny' });
  });
});
