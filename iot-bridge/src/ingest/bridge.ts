import { sql } from 'kysely';
import { connect as mqttConnect, type MqttClient } from 'mqtt';
import { notifyAlarms } from '../alarms/notify.ts';
import { createRulesCache } from '../alarms/rules-cache.ts';
import { expireCommands } from '../commands/commands.ts';
import { dispatchEvents } from '../events/dispatcher.ts';
import type { AlarmNotifier, EventSink, IotDatabase, IotLogger, TenantDirectory } from '../ports.ts';
import { ingestSubscription } from '../topics.ts';
import { createIngestConnection, type IngestConnection } from './connection.ts';
import { createDeviceCache } from './devices.ts';
import { createIngestPipeline, type IngestItem, type PipelineStats } from './pipeline.ts';
import { createPresence } from './presence.ts';

export interface BridgeOptions {
  db: Pick<IotDatabase, 'owner'>;
  tenants: TenantDirectory;
  logger: IotLogger;
  events: EventSink;
  alarms: AlarmNotifier;
  mqtt: {
    url: string;
    username: string;
    password: string;
    /** Stable per bridge: the broker keeps this session's queue while the bridge is away. */
    clientId: string;
    /** Several bridges share the load through `$share/<group>/…` (Mosquitto, EMQX). */
    shareGroup?: string | undefined;
    protocolVersion?: 4 | 5;
  };
  /**
   * Embedded broker: its publish hook hands device messages to `bridge.ingest` and sends each
   * device's PUBACK after the commit, so the bridge does not subscribe to `up/` (no second QoS 1
   * hop, no broker-side queue). External brokers (false, the default): the bridge subscribes.
   */
  embedded?: boolean;
  batch?: { maxRows?: number; maxWaitMs?: number; maxPending?: number; concurrency?: number };
  /** Milliseconds between presence flushes and heartbeat sweeps; keep it well under the shortest heartbeat. */
  presenceMs?: number;
  retentionDays?: number;
}

export type BridgeStats = PipelineStats;

/**
 * The bridge: gets every device message, writes them in batches, and acknowledges each message
 * only after its batch committed, so a crash loses nothing and a redelivery is skipped by the
 * telemetry key. With an external broker it reads them itself (QoS 1, persistent session); with
 * the embedded broker (`embedded: true`) the broker's publish hook hands them to `ingest` and the
 * device's own PUBACK waits for the commit. It also keeps presence, expires commands, delivers
 * events, notifies alarms, maintains the telemetry partitions and publishes commands.
 *
 * @example
 * const bridge = await startBridge({ db, tenants, logger, events, alarms, mqtt: { url, username, password, clientId: 'cb-bridge-1' } });
 */
export async function startBridge(options: BridgeOptions) {
  const owner = options.db.owner;
  const { logger } = options;
  const devices = createDeviceCache(owner, options.tenants);
  const rules = createRulesCache(owner);
  const presence = createPresence(owner);
  const retentionDays = options.retentionDays ?? 90;
  let stopped = false;

  await maintainPartitions();
  await rules.refresh(true);

  let connection: IngestConnection | null = null;
  const pipeline = createIngestPipeline({
    owner,
    devices,
    rules,
    presence,
    logger,
    maxRows: options.batch?.maxRows,
    maxWaitMs: options.batch?.maxWaitMs,
    concurrency: options.batch?.concurrency,
    maxPending: options.batch?.maxPending,
    onOutage: options.embedded ? 'reject' : 'retry',
    onBackpressure: (paused) => connection?.pause(paused),
    afterCommit(batch) {
      if (batch.alarmsRaised.length + batch.alarmsCleared.length > 0)
        void runSafely('alarms', () => notifyAlarms(owner, options.alarms));
      if (batch.events.length > 0) void runSafely('events', () => dispatchEvents(owner, options.events));
    },
  });

  if (!options.embedded) {
    const subscribed = createIngestConnection({
      url: options.mqtt.url,
      clientId: options.mqtt.clientId,
      username: options.mqtt.username,
      password: options.mqtt.password,
      subscription: ingestSubscription(options.mqtt.shareGroup),
      protocolVersion: options.mqtt.protocolVersion ?? 5,
      logger,
      onMessage(message) {
        pipeline.submit({
          topic: message.topic,
          payload: message.payload,
          at: Date.now(),
          done: (error) => {
            if (!error) subscribed.ack(message.ref);
          },
        });
      },
      onState(state, detail) {
        if (state === 'connected')
          logger.info(
            { subscription: ingestSubscription(options.mqtt.shareGroup) },
            'MQTT bridge subscribed',
          );
        else logger.debug({ detail }, 'MQTT bridge disconnected');
      },
    });
    connection = subscribed;
  }

  async function maintainPartitions() {
    await sql`SELECT cb_iot_ensure_partitions(8, 3)`.execute(owner);
    const { rows } = await sql<{
      dropped: number;
    }>`SELECT cb_iot_drop_partitions(${retentionDays}) AS dropped`.execute(owner);
    if (rows[0]?.dropped)
      logger.info({ dropped: rows[0].dropped, retentionDays }, 'old telemetry partitions dropped');
  }

  const running = new Set<string>();
  async function runSafely(name: string, work: () => Promise<unknown>): Promise<void> {
    if (running.has(name) || stopped) return;
    running.add(name);
    try {
      await work();
    } catch (error) {
      logger.warn({ err: (error as Error).message, task: name }, 'IoT background task failed; retrying');
    } finally {
      running.delete(name);
    }
  }

  const presenceMs = options.presenceMs ?? 2000;
  const timers = [
    setInterval(
      () =>
        void runSafely('presence', async () => {
          await presence.flush();
          const gone = await presence.sweep();
          if (gone.length > 0)
            logger.info({ devices: gone.length }, 'devices went offline (heartbeat timeout)');
          await expireCommands(owner);
        }),
      presenceMs,
    ),
    setInterval(() => void runSafely('events', () => dispatchEvents(owner, options.events)), 1000),
    setInterval(() => void runSafely('alarms', () => notifyAlarms(owner, options.alarms)), 5000),
    setInterval(() => void runSafely('partitions', maintainPartitions), 3600_000),
  ];

  // Commands go down on a separate, ordinary client: low volume, and PUBACK on publish is what we want.
  const publisher: MqttClient = mqttConnect(options.mqtt.url, {
    clientId: `${options.mqtt.clientId}-cmd`,
    username: options.mqtt.username,
    password: options.mqtt.password,
    protocolVersion: options.mqtt.protocolVersion ?? 5,
    reconnectPeriod: 1000,
    clean: true,
  });
  publisher.on('error', (error) => logger.debug({ err: error.message }, 'MQTT command publisher error'));

  return {
    stats: (): Readonly<BridgeStats> => pipeline.stats(),
    /** The embedded broker's publish hook: queue a device message, `done` after its commit. */
    ingest: (item: IngestItem) => pipeline.submit(item),
    /** Subscribed (external broker) or, embedded, connected for commands. */
    ready: () =>
      connection
        ? connection.ready()
        : new Promise<void>((resolve) =>
            publisher.connected ? resolve() : publisher.once('connect', () => resolve()),
          ),
    isConnected: () => (connection ? connection.isConnected() : publisher.connected),
    publisher: () => publisher,
    forgetDevice: (id: string) => devices.forget(id),
    refreshRules: () => rules.refresh(true),
    /** Flushes presence and runs the heartbeat sweep now (tests, shutdown). */
    sweepPresence: async () => {
      await presence.flush();
      return presence.sweep();
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await connection?.close();
      await pipeline.stop();
      await presence.flush().catch(() => undefined);
      await publisher.endAsync(true).catch(() => undefined);
    },
  };
}

export type Bridge = Awaited<ReturnType<typeof startBridge>>;
