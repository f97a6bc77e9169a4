import { sql } from 'kysely';
import { connect as mqttConnect, type MqttClient } from 'mqtt';
import { evaluateBatch } from '../alarms/evaluate.ts';
import { notifyAlarms } from '../alarms/notify.ts';
import { createRulesCache } from '../alarms/rules-cache.ts';
import { expireCommands } from '../commands/commands.ts';
import { dispatchEvents } from '../events/dispatcher.ts';
import type { AlarmNotifier, EventSink, IotDatabase, IotLogger, TenantDirectory } from '../ports.ts';
import { ingestSubscription, parseUpTopic } from '../topics.ts';
import { createIngestConnection, type IncomingMessage } from './connection.ts';
import { createDeviceCache } from './devices.ts';
import { parseMessage } from './parse.ts';
import { createPresence } from './presence.ts';
import { emptyBatch, type IngestBatch, writeBatch } from './writer.ts';

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
  batch?: { maxRows?: number; maxWaitMs?: number; maxPending?: number; concurrency?: number };
  /** Milliseconds between presence flushes and heartbeat sweeps; keep it well under the shortest heartbeat. */
  presenceMs?: number;
  retentionDays?: number;
}

export interface BridgeStats {
  received: number;
  committed: number;
  inserted: number;
  dead: number;
  batches: number;
}

/**
 * The bridge: reads every device message (QoS 1, persistent session), writes them in batches,
 * and acknowledges each message only after its batch committed, so a crash loses nothing and a
 * redelivery is skipped by the telemetry key. It also keeps presence, expires commands, delivers
 * events, notifies alarms and maintains the telemetry partitions.
 *
 * @example
 * const bridge = await startBridge({ db, tenants, logger, events, alarms, mqtt: { url, username, password, clientId: 'cb-bridge-1' } });
 */
export async function startBridge(options: BridgeOptions) {
  const owner = options.db.owner;
  const { logger } = options;
  const maxRows = options.batch?.maxRows ?? 1000;
  const maxWaitMs = options.batch?.maxWaitMs ?? 20;
  const maxPending = options.batch?.maxPending ?? 50_000;
  const devices = createDeviceCache(owner, options.tenants);
  const rules = createRulesCache(owner);
  const presence = createPresence(owner);
  const stats: BridgeStats = { received: 0, committed: 0, inserted: 0, dead: 0, batches: 0 };
  const retentionDays = options.retentionDays ?? 90;

  await maintainPartitions();
  await rules.refresh(true);

  let pending: Array<IncomingMessage & { at: number }> = [];
  // Batches commit in parallel on separate connections; each acknowledges only its own messages.
  const concurrency = options.batch?.concurrency ?? 3;
  const inFlight = new Set<Promise<void>>();
  let paused = false;
  let flushTimer: NodeJS.Timeout | null = null;
  let batchLimit = maxRows;
  const poison = new WeakMap<IncomingMessage, string>();
  let stopped = false;

  const connection = createIngestConnection({
    url: options.mqtt.url,
    clientId: options.mqtt.clientId,
    username: options.mqtt.username,
    password: options.mqtt.password,
    subscription: ingestSubscription(options.mqtt.shareGroup),
    protocolVersion: options.mqtt.protocolVersion ?? 5,
    logger,
    onMessage(message) {
      stats.received++;
      pending.push({ ...message, at: Date.now() });
      if (!paused && pending.length >= maxPending) {
        paused = true;
        connection.pause(true);
      }
      if (pending.length >= maxRows) kick();
      else flushTimer ??= setTimeout(kick, maxWaitMs);
    },
    onState(state, detail) {
      if (state === 'connected')
        logger.info({ subscription: ingestSubscription(options.mqtt.shareGroup) }, 'MQTT bridge subscribed');
      else logger.debug({ detail }, 'MQTT bridge disconnected');
    },
  });

  function kick() {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    while (!stopped && inFlight.size < concurrency && pending.length > 0) startBatch();
  }

  function startBatch() {
    const take = pending.slice(0, batchLimit);
    pending = pending.slice(take.length);
    const work: Promise<void> = writeMessages(take)
      .then(() => {
        connection.ack(take.map((m) => m.ref));
        batchLimit = maxRows;
        stats.committed += take.length;
      })
      .catch((error: Error) => {
        // Nothing was acknowledged. Keep the messages and retry: the rows are not lost, and a
        // crash meanwhile makes the broker redeliver them.
        const code = String((error as { code?: string }).code ?? '');
        const dataProblem = code.startsWith('22') || code.startsWith('23');
        if (dataProblem && take.length === 1) {
          // One message the database rejects (e.g. a \u0000 in JSON): dead-letter it rather than retry forever.
          poison.set(take[0]!, `rejected by the database: ${error.message}`);
        }
        // Halve the batch on data errors to isolate the message; retry whole batches on outages.
        batchLimit = dataProblem ? Math.max(1, Math.floor(take.length / 2)) : maxRows;
        logger.error({ err: error.message, code, rows: take.length }, 'ingest batch failed; retrying');
        pending = take.concat(pending);
        return new Promise<void>((resolve) => setTimeout(resolve, dataProblem ? 0 : 1000));
      })
      .finally(() => {
        inFlight.delete(work);
        if (paused && pending.length < maxPending / 2) {
          paused = false;
          connection.pause(false);
        }
        if (!stopped && pending.length > 0) {
          if (pending.length >= batchLimit) kick();
          else flushTimer ??= setTimeout(kick, maxWaitMs);
        }
      });
    inFlight.add(work);
  }

  async function writeMessages(messages: Array<IncomingMessage & { at: number }>): Promise<void> {
    const parsedTopics = messages.map((m) => parseUpTopic(m.topic));
    await devices.load(parsedTopics.flatMap((t) => (t ? [t.deviceId.toLowerCase()] : [])));
    await rules.refresh();
    const batch: IngestBatch = emptyBatch();
    const samples: Array<{
      deviceId: string;
      profileId: string;
      tenantId: string;
      data: Record<string, unknown>;
    }> = [];
    messages.forEach((message, index) => {
      const topic = parsedTopics[index];
      if (!topic) {
        batch.unrouted.push({ topic: message.topic, reason: 'not a device topic', payload: message.payload });
        return;
      }
      const device = devices.get(topic.deviceId.toLowerCase());
      if (!device || device.tenantCode !== topic.tenantCode) {
        batch.unrouted.push({
          topic: message.topic,
          reason: 'unknown school or device',
          payload: message.payload,
        });
        return;
      }
      const rejected = poison.get(message);
      const parsed = rejected
        ? ({ kind: 'dead', reason: rejected } as const)
        : parseMessage(topic, message.payload, device, message.at);
      const ids = { tenantId: device.tenantId, deviceId: device.id };
      if (parsed.kind !== 'status' || parsed.online) presence.seen(device.tenantId, device.id, message.at);
      switch (parsed.kind) {
        case 'telemetry':
          batch.telemetry.push({ ...ids, ts: parsed.ts, hash: parsed.hash, data: parsed.data });
          samples.push({ ...ids, profileId: device.profileId, data: parsed.data });
          break;
        case 'event':
          batch.events.push({
            ...ids,
            ts: parsed.ts,
            hash: parsed.hash,
            type: parsed.type,
            data: parsed.data,
          });
          break;
        case 'state': {
          const before = batch.states.get(device.id);
          batch.states.set(device.id, { ...ids, ts: parsed.ts, data: { ...before?.data, ...parsed.data } });
          break;
        }
        case 'status':
          if (!parsed.online) presence.wentOffline(device.id);
          batch.statuses.push({ ...ids, online: parsed.online, at: new Date(message.at) });
          break;
        case 'reply':
          batch.replies.push({
            ...ids,
            id: parsed.id,
            status: parsed.status,
            result: parsed.result,
            error: parsed.error,
          });
          break;
        case 'dead':
          batch.dead.push({ ...ids, topic: message.topic, reason: parsed.reason, payload: message.payload });
          break;
      }
    });
    if (samples.length > 0 && rules.hasRules()) {
      for (const verdict of evaluateBatch(samples, rules.rulesFor)) {
        const active = rules.isActive(verdict.rule.id, verdict.deviceId);
        if (verdict.firing && !active) batch.alarmsRaised.push(verdict);
        if (!verdict.firing && active) batch.alarmsCleared.push(verdict);
      }
    }
    const result = await owner.transaction().execute((trx) => writeBatch(trx, batch));
    for (const v of batch.alarmsRaised) rules.markActive(v.rule.id, v.deviceId, true);
    for (const v of batch.alarmsCleared) rules.markActive(v.rule.id, v.deviceId, false);
    stats.inserted += result.telemetry;
    stats.dead += batch.dead.length;
    stats.batches++;
    if (batch.alarmsRaised.length + batch.alarmsCleared.length > 0)
      void runSafely('alarms', () => notifyAlarms(owner, options.alarms));
    if (batch.events.length > 0) void runSafely('events', () => dispatchEvents(owner, options.events));
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
    stats: (): Readonly<BridgeStats> => ({ ...stats }),
    ready: () => connection.ready(),
    isConnected: () => connection.isConnected(),
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
      if (flushTimer) clearTimeout(flushTimer);
      await connection.close();
      await Promise.allSettled([...inFlight]);
      await presence.flush().catch(() => undefined);
      await publisher.endAsync(true).catch(() => undefined);
    },
  };
}

export type Bridge = Awaited<ReturnType<typeof startBridge>>;
