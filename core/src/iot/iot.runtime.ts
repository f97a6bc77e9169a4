import {
  type Bridge,
  connectDynsec,
  createCommandService,
  createDeviceAuthority,
  createDeviceRegistry,
  createIotQueries,
  type DeviceAuthority,
  type DynsecSync,
  type EmbeddedBroker,
  registryHooks,
  startBridge,
  startEmbeddedBroker,
} from '@campusbase/iot-bridge';
import type { Config } from '../config/index.ts';
import type { Databases } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { deriveKey } from '../secrets.ts';
import type { IotConfig } from './iot.config.ts';
import { iotPorts } from './iot.ports.ts';

/** The services the IoT routes use; built on the databases alone when no bridge runs (tests). */
export function iotServices(
  db: Databases,
  logger: Logger,
  runtime?: { authority: DeviceAuthority; bridge: Bridge; dynsec: DynsecSync | null } | null,
) {
  const ports = iotPorts(db, logger);
  const registry = createDeviceRegistry({
    db: ports.database,
    audit: ports.audit,
    tenants: ports.tenants,
    credentialSync: runtime?.dynsec ?? undefined,
    onDeviceChanged: (id) => {
      runtime?.authority.forget(id);
      runtime?.bridge.forgetDevice(id);
    },
  });
  const commands = createCommandService({
    db: ports.database,
    tenants: ports.tenants,
    audit: ports.audit,
    publisher: () => runtime?.bridge.publisher() ?? null,
  });
  const queries = createIotQueries({
    db: ports.database,
    audit: ports.audit,
    onRulesChanged: () => void runtime?.bridge.refreshRules(),
  });
  return { ports, registry, commands, queries };
}

export type IotServices = ReturnType<typeof iotServices>;

export interface IotRuntime {
  broker: EmbeddedBroker | null;
  bridge: Bridge;
  authority: DeviceAuthority;
  dynsec: DynsecSync | null;
  services: IotServices;
  bridgeAccount: { username: string; password: string };
  emqxToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the IoT side of the platform: the embedded broker with the registry's auth/ACL hooks and
 * ingest in its publish hook (unless MQTT_URL names an external broker), Mosquitto
 * dynamic-security sync when configured, and the bridge (subscribing ingest for external brokers;
 * presence, commands, events and alarms in both modes).
 */
export async function startIot(
  config: Config,
  iot: IotConfig,
  db: Databases,
  logger: Logger,
  secret: string,
): Promise<IotRuntime> {
  const log = logger.child({ component: 'iot' });
  const ports = iotPorts(db, log);
  const bridgeAccount = {
    username: iot.MQTT_BRIDGE_USERNAME,
    password: iot.MQTT_BRIDGE_PASSWORD ?? deriveKey(secret, 'mqtt-bridge'),
  };
  const authority = createDeviceAuthority({
    owner: ports.database.owner,
    tenants: ports.tenants,
    bridge: bridgeAccount,
  });
  let broker: EmbeddedBroker | null = null;
  let dynsec: DynsecSync | null = null;
  // The embedded broker ingests in its publish hook (PUBACK after commit) through the bridge,
  // which starts after the broker; until then device messages are refused and resent.
  let ingest: Bridge['ingest'] | null = null;
  const undo: Array<() => Promise<unknown>> = [];
  try {
    if (!config.MQTT_URL) {
      broker = await startEmbeddedBroker({
        port: config.MQTT_PORT,
        hooks: registryHooks(authority, {
          onRefused: (event) => log.warn(event, 'MQTT client refused'),
          ingest: () => ingest,
        }),
      });
      const started = broker;
      undo.push(() => started.close());
      log.info({ port: broker.port }, 'embedded MQTT broker started');
    }
    const url = config.MQTT_URL ?? `mqtt://127.0.0.1:${broker!.port}`;
    if (iot.MQTT_DYNSEC_ADMIN) {
      const [username, ...rest] = iot.MQTT_DYNSEC_ADMIN.split(':');
      dynsec = await connectDynsec({
        url,
        admin: { username: username!, password: rest.join(':') },
        logger: log,
      });
      const opened = dynsec;
      undo.push(() => opened.close());
      await dynsec.ensureBridgeAccount(bridgeAccount);
      const result = await dynsec.reconcile(ports.database.owner);
      log.info(result, 'Mosquitto dynamic security in step with the registry');
    }
    const bridge = await startBridge({
      db: ports.database,
      tenants: ports.tenants,
      logger: log,
      events: ports.events,
      alarms: ports.alarms,
      mqtt: {
        url,
        ...bridgeAccount,
        clientId: iot.MQTT_BRIDGE_CLIENT_ID,
        shareGroup: iot.MQTT_SHARE_GROUP,
        protocolVersion: broker ? 4 : iot.MQTT_PROTOCOL === '4' ? 4 : 5,
      },
      embedded: broker !== null,
      // The owner pool has 4 connections: 3 for batches, one for presence and the sweeps.
      batch: { concurrency: 3 },
      retentionDays: iot.IOT_RETENTION_DAYS,
    });
    undo.push(() => bridge.stop());
    ingest = bridge.ingest;
    const runtime = { authority, bridge, dynsec };
    return {
      broker,
      bridge,
      authority,
      dynsec,
      bridgeAccount,
      emqxToken: iot.EMQX_HOOK_TOKEN ?? deriveKey(secret, 'emqx-hook'),
      services: iotServices(db, log, runtime),
      async stop() {
        for (const step of undo.reverse())
          await step().catch((error: Error) => log.error({ err: error.message }, 'IoT stop step failed'));
        undo.length = 0;
      },
    };
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error;
  }
}
