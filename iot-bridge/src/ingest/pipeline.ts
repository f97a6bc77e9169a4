import type { Kysely } from 'kysely';
import type { RulesCache } from '../alarms/rules-cache.ts';
import type { IotLogger } from '../ports.ts';
import type { IotTables } from '../tables.ts';
import { assembleBatch, type RawMessage } from './assemble.ts';
import type { DeviceCache } from './devices.ts';
import type { Presence } from './presence.ts';
import { type IngestBatch, writeBatch } from './writer.ts';

/** A received message and what to do once it is committed (send its PUBACK) or refused. */
export interface IngestItem extends RawMessage {
  done(error?: Error): void;
}

export interface PipelineOptions {
  owner: Kysely<IotTables>;
  devices: DeviceCache;
  rules: RulesCache;
  presence: Presence;
  logger: IotLogger;
  /** Rows per batch (default 2000) and how long a partial batch waits for more (default 20 ms). */
  maxRows?: number;
  maxWaitMs?: number;
  /** Batches committing at once, each on its own connection (default 3). */
  concurrency?: number;
  /**
   * What an outage (not a data error) does to a batch's messages. 'retry' keeps them and tries
   * again a second later (the bridge: the broker keeps them unacknowledged meanwhile); 'reject'
   * hands the error to `done` (embedded broker: the device gets no PUBACK and resends).
   */
  onOutage: 'retry' | 'reject';
  /** After each commit, with the batch written (alarms, events follow-up). */
  afterCommit?(batch: IngestBatch): void;
  /** Called with true when more than `maxPending` messages wait, false when it fell below half. */
  onBackpressure?(paused: boolean): void;
  maxPending?: number;
}

export interface PipelineStats {
  received: number;
  committed: number;
  inserted: number;
  dead: number;
  batches: number;
}

/**
 * The batch writer shared by both broker modes. Messages are collected into batches of up to
 * `maxRows` (or whatever arrived within `maxWaitMs`), each written in one transaction with one
 * statement per kind, several batches in flight. `done` is called for every message of a batch
 * only after its COMMIT, and batches are released in the order they were started, so the PUBACKs
 * of one connection go out in the order its PUBLISHes came (MQTT 4.6.0-2).
 * A batch the database refuses for its data is halved until the offending message is alone; that
 * one is dead-lettered.
 */
export function createIngestPipeline(options: PipelineOptions) {
  const maxRows = options.maxRows ?? 2000;
  const maxWaitMs = options.maxWaitMs ?? 20;
  const concurrency = options.concurrency ?? 3;
  const maxPending = options.maxPending ?? 50_000;
  const { logger } = options;
  const stats: PipelineStats = { received: 0, committed: 0, inserted: 0, dead: 0, batches: 0 };
  let pending: IngestItem[] = [];
  let inFlight = 0;
  let batchLimit = maxRows;
  let flushTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let paused = false;
  let stopped = false;
  // In-order release: batch n's callbacks run only after batch n-1's.
  let nextSeq = 0;
  let releaseSeq = 0;
  const finished = new Map<number, () => void>();
  const idle: Array<() => void> = [];

  function schedule() {
    if (stopped || pending.length === 0 || retryTimer) return;
    if (pending.length >= batchLimit) kick();
    else flushTimer ??= setTimeout(kick, maxWaitMs);
  }

  function kick() {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    while (!stopped && !retryTimer && inFlight < concurrency && pending.length > 0) startBatch();
  }

  function release(seq: number, callbacks: () => void) {
    finished.set(seq, callbacks);
    for (let next = finished.get(releaseSeq); next; next = finished.get(releaseSeq)) {
      finished.delete(releaseSeq);
      releaseSeq++;
      next();
    }
  }

  function startBatch() {
    const take = pending.length <= batchLimit ? pending : pending.slice(0, batchLimit);
    pending = take === pending ? [] : pending.slice(take.length);
    const seq = nextSeq++;
    inFlight++;
    write(take).then(
      () => {
        batchLimit = maxRows;
        stats.committed += take.length;
        release(seq, () => {
          for (const item of take) item.done();
        });
        settle();
      },
      (error: Error) => {
        const code = String((error as { code?: string }).code ?? '');
        const dataProblem = code.startsWith('22') || code.startsWith('23');
        logger.error({ err: error.message, code, rows: take.length }, 'ingest batch failed');
        if (dataProblem) {
          // One message the database rejects (e.g. a \u0000 in JSON): dead-letter it rather than retry forever.
          if (take.length === 1) take[0]!.poison = `rejected by the database: ${error.message}`;
          batchLimit = Math.max(1, Math.floor(take.length / 2));
          pending = take.concat(pending);
          release(seq, () => undefined);
        } else if (options.onOutage === 'reject') {
          release(seq, () => {
            for (const item of take) item.done(error);
          });
        } else {
          pending = take.concat(pending);
          release(seq, () => undefined);
          retryTimer ??= setTimeout(() => {
            retryTimer = null;
            schedule();
          }, 1000);
        }
        settle();
      },
    );
  }

  function settle() {
    inFlight--;
    if (paused && pending.length < maxPending / 2) {
      paused = false;
      options.onBackpressure?.(false);
    }
    schedule();
    if (inFlight === 0 && (pending.length === 0 || stopped)) for (const resolve of idle.splice(0)) resolve();
  }

  async function write(items: IngestItem[]): Promise<void> {
    const batch = await assembleBatch(items, options.devices, options.rules, options.presence);
    const result = await options.owner.transaction().execute((trx) => writeBatch(trx, batch));
    for (const v of batch.alarmsRaised) options.rules.markActive(v.rule.id, v.deviceId, true);
    for (const v of batch.alarmsCleared) options.rules.markActive(v.rule.id, v.deviceId, false);
    stats.inserted += result.telemetry;
    stats.dead += batch.dead.length;
    stats.batches++;
    options.afterCommit?.(batch);
  }

  return {
    /** Queues one message; `item.done` runs after the commit that stored it. */
    submit(item: IngestItem): void {
      if (stopped) {
        item.done(new Error('ingest is stopping'));
        return;
      }
      stats.received++;
      pending.push(item);
      if (!paused && pending.length >= maxPending && options.onBackpressure) {
        paused = true;
        options.onBackpressure(true);
      }
      if (pending.length >= batchLimit) kick();
      else schedule();
    },
    stats: (): Readonly<PipelineStats> => ({ ...stats }),
    /** Stops taking messages, refuses the queued ones, waits for the batches in flight. */
    async stop(): Promise<void> {
      stopped = true;
      if (flushTimer) clearTimeout(flushTimer);
      if (retryTimer) clearTimeout(retryTimer);
      const left = pending;
      pending = [];
      for (const item of left) item.done(new Error('ingest is stopping'));
      if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;
