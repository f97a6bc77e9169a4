import type { Kysely } from 'kysely';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { createDeviceAuthority } from '../auth/device-auth.ts';
import { registryHooks } from '../broker/hooks.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from '../broker/index.ts';
import { connectDynsec, type DynsecSync } from '../dynsec/mosquitto.ts';
import type { IngestItem } from '../ingest/pipeline.ts';
import type { TenantDirectory } from '../ports.ts';
import type { SimDevice } from '../simulator/provision.ts';
import type { IotTables } from '../tables.ts';
import { type RunningMosquitto, startMosquitto } from './mosquitto.ts';

/** A broker under test, aedes (embedded) or Mosquitto (dynamic security), with the same surface. */
export interface BrokerRig {
  kind: 'aedes' | 'mosquitto';
  url: string;
  protocolVersion: 4 | 5;
  bridge: { username: string; password: string };
  /** aedes: the broker ingests in its publish hook; the bridge runs with `embedded: true` and is attached here. */
  embedded: boolean;
  attachIngest(sink: ((item: IngestItem) => void) | null): void;
  /** Makes the broker accept these devices (Mosquitto: pushes them to dynamic security). */
  provision(devices: SimDevice[]): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function directoryFor(owner: Kysely<IotTables>): TenantDirectory {
  const find = async (column: 'id' | 'code', value: string) => {
    const row = await (owner as unknown as Kysely<{ tenants: { id: string; code: string } }>)
      .selectFrom('tenants')
      .select(['id', 'code'])
      .where(column, '=', value)
      .executeTakeFirst();
    return row;
  };
  return { byCode: (code) => find('code', code), byId: (id) => find('id', id) };
}

export async function startBrokerRig(
  kind: 'aedes' | 'mosquitto',
  port: number,
  owner: Kysely<IotTables>,
): Promise<BrokerRig> {
  const bridge = { username: 'cb-bridge', password: 'bridge-secret-for-tests' };
  if (kind === 'aedes') {
    const authority = createDeviceAuthority({ owner, tenants: directoryFor(owner), bridge, cacheMs: 0 });
    let sink: ((item: IngestItem) => void) | null = null;
    const hooks = registryHooks(authority, { ingest: () => sink });
    let broker: EmbeddedBroker = await startEmbeddedBroker({ port, host: '127.0.0.1', hooks });
    return {
      kind,
      url: `mqtt://127.0.0.1:${port}`,
      protocolVersion: 4,
      bridge,
      embedded: true,
      attachIngest: (next) => {
        sink = next;
      },
      provision: async () => undefined,
      async restart() {
        await broker.close();
        broker = await startEmbeddedBroker({ port, host: '127.0.0.1', hooks });
      },
      stop: () => broker.close(),
    };
  }
  const mosquitto: RunningMosquitto = await startMosquitto(port);
  let dynsec: DynsecSync = await connectDynsec({
    url: mosquitto.url,
    admin: mosquitto.admin,
    logger: quietLogger,
  });
  await dynsec.ensureBridgeAccount(bridge);
  return {
    kind,
    url: mosquitto.url,
    protocolVersion: 5,
    bridge,
    embedded: false,
    attachIngest: () => undefined,
    async provision(devices) {
      for (const device of devices)
        await dynsec.upsert({ id: device.id, tenantCode: device.tenantCode, enabled: true }, device.secret);
    },
    async restart() {
      await dynsec.close();
      await mosquitto.restart();
      dynsec = await connectDynsec({ url: mosquitto.url, admin: mosquitto.admin, logger: quietLogger });
    },
    async stop() {
      await dynsec.close();
      await mosquitto.stop();
    },
  };
}

export const quietLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/** Connects one device, resolving on CONNACK and rejecting on refusal. */
export function connectDevice(
  url: string,
  device: SimDevice,
  extra: IClientOptions = {},
): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = connect(url, {
      clientId: `dev-${device.id}-${Math.random().toString(36).slice(2, 6)}`,
      username: device.id,
      password: device.secret,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...extra,
    });
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
    client.once('close', () => reject(new Error('connection closed before CONNACK')));
  });
}

/** Polls `check` until it returns a value that is not undefined, or throws after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
