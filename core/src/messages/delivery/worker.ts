import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import {
  type ChannelDriver,
  extrasKey,
  type JobExtras,
  type JobMessage,
  type OutboxJob,
  PermanentDeliveryError,
  RetryLaterError,
} from '../channels/types.ts';
import type { ExternalChannel, MessageContent } from '../messages.table.ts';
import { inLocale } from '../render.ts';
import { backoffMs } from '../schedule.ts';
import { OUTBOX_CHANNEL } from '../send.ts';
import type { PgListener } from './listener.ts';

export interface WorkerOptions {
  batchSize?: number;
  /** How long a claimed row is held before another worker may take it (a worker that died). */
  leaseMs?: number;
  /** Looks for due retries this often, besides the NOTIFY wake-up. */
  pollMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  concurrency?: number;
}

const DEFAULTS: Required<WorkerOptions> = {
  batchSize: 50,
  leaseMs: 120_000,
  pollMs: 2_000,
  maxAttempts: 10,
  backoffBaseMs: 5_000,
  backoffMaxMs: 3_600_000,
  concurrency: 16,
};

type Claimed = {
  tenant_id: string;
  id: number;
  message_id: string;
  channel: ExternalChannel;
  target: string;
  address: string;
  digest: boolean;
  attempts: number;
};

/**
 * Drains one channel of the outbox. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of
 * nodes can run the same worker; a claim is a lease, so a worker killed mid-send leaves its rows
 * to be claimed again when the lease ends. A failed send is retried with exponential backoff and
 * ends in the dead letter (status 'dead') after maxAttempts.
 */
export class ChannelWorker {
  readonly #owner: Kysely<Database>;
  readonly #driver: ChannelDriver;
  readonly #logger: Logger;
  readonly #o: Required<WorkerOptions>;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(owner: Kysely<Database>, driver: ChannelDriver, logger: Logger, options: WorkerOptions = {}) {
    this.#owner = owner;
    this.#driver = driver;
    this.#logger = logger.child({ worker: `messages.${driver.channel}` });
    this.#o = { ...DEFAULTS, ...options };
  }

  start(listener: PgListener | null): void {
    listener?.on(OUTBOX_CHANNEL, (payload) => {
      if (payload.split(',').includes(this.#driver.channel)) this.kick();
    });
    this.#schedule(0);
  }

  #schedule(ms: number) {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.kick();
    }, ms);
  }

  /** Runs a drain now (or right after the one in progress). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain()
      .catch((error) => this.#logger.error({ err: error }, 'outbox drain failed'))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        } else this.#schedule(this.#o.pollMs);
      });
  }

  async #drain(): Promise<void> {
    while (!this.#stopped) {
      const claimed = await this.#claim();
      if (claimed.length === 0) return;
      const jobs = await this.#jobs(claimed);
      let next = 0;
      const lanes = Array.from({ length: Math.min(this.#o.concurrency, jobs.length) }, async () => {
        while (next < jobs.length) await this.#deliver(jobs[next++]!);
      });
      await Promise.all(lanes);
    }
  }

  async #claim(): Promise<Claimed[]> {
    const { rows } = await sql<Claimed>`
      UPDATE message_outbox o
      SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + ${`${this.#o.leaseMs} milliseconds`}::interval
      FROM (
        SELECT tenant_id, id FROM message_outbox
        WHERE channel = ${this.#driver.channel} AND status IN ('pending', 'sending') AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT ${this.#o.batchSize}
        FOR UPDATE SKIP LOCKED
      ) due
      WHERE o.tenant_id = due.tenant_id AND o.id = due.id
      RETURNING o.tenant_id, o.id, o.message_id, o.channel, o.target, o.address, o.digest, o.attempts`.execute(
      this.#owner,
    );
    return rows;
  }

  async #jobs(claimed: Claimed[]): Promise<OutboxJob[]> {
    const messageIds = [...new Set(claimed.map((c) => c.message_id))];
    const messages = await this.#owner
      .selectFrom('messages')
      .select([
        'id',
        'tenant_id',
        'category',
        'priority',
        'sender_name',
        'deep_link',
        'created_at',
        'content',
      ])
      .where('id', 'in', messageIds)
      .execute();
    const byId = new Map(messages.map((m) => [`${m.tenant_id}:${m.id}`, m]));
    const targets = [...new Set(claimed.map((c) => c.target))];
    const locales = new Map<string, 'zh-CN' | 'en'>();
    const extras =
      (await this.#driver.prepare?.(claimed.map((c) => ({ tenantId: c.tenant_id, target: c.target })))) ??
      new Map<string, JobExtras>();
    if (this.#driver.personal) {
      const people = await this.#owner
        .selectFrom('persons')
        .select(['id', 'locale'])
        .where('id', 'in', targets)
        .execute();
      for (const p of people) locales.set(p.id, p.locale);
    }
    const groups = new Map<string, Claimed[]>();
    for (const row of claimed) {
      const key = row.digest ? `digest:${row.target}` : `${row.tenant_id}:${row.id}`;
      const group = groups.get(key) ?? [];
      group.push(row);
      groups.set(key, group);
    }
    return [...groups.values()].map((rows) => {
      const first = rows[0]!;
      const locale = locales.get(first.target) ?? 'zh-CN';
      const jobMessages: JobMessage[] = [];
      for (const row of rows) {
        const m = byId.get(`${row.tenant_id}:${row.message_id}`);
        if (!m) continue;
        jobMessages.push({
          id: m.id,
          tenantId: m.tenant_id,
          category: m.category,
          priority: m.priority,
          senderName: m.sender_name,
          deepLink: m.deep_link,
          createdAt: m.created_at,
          content: inLocale(m.content as MessageContent, locale),
        });
      }
      return {
        channel: this.#driver.channel,
        rows: rows.map((r) => ({ tenantId: r.tenant_id, id: r.id, attempts: r.attempts })),
        target: first.target,
        address: first.address,
        locale,
        key: `${first.tenant_id}:${first.id}`,
        attempt: first.attempts,
        digest: first.digest,
        messages: jobMessages,
        extras: extras.get(extrasKey(first.tenant_id, first.target)) ?? {},
      };
    });
  }

  async #deliver(job: OutboxJob): Promise<void> {
    const rows = job.rows;
    const match = sql.join(rows.map((r) => sql`(${r.tenantId}::uuid, ${r.id}::bigint, ${r.attempts}::int)`));
    try {
      if (job.messages.length === 0) throw new Error('the message of this delivery is gone');
      const { provider } = await this.#driver.deliver(job);
      // The attempts guard: a worker whose lease ran out must not overwrite the row's new owner.
      await sql`
        UPDATE message_outbox SET status = 'sent', sent_at = now(), provider = ${provider}, last_error = NULL
        WHERE (tenant_id, id, attempts) IN (${match}) AND status = 'sending'`.execute(this.#owner);
    } catch (error) {
      const reason = (error as Error).message.slice(0, 500);
      const dead = error instanceof PermanentDeliveryError || job.attempt >= this.#o.maxAttempts;
      const backoff = backoffMs(job.attempt, this.#o.backoffBaseMs, this.#o.backoffMaxMs);
      const delay = error instanceof RetryLaterError ? Math.max(backoff, error.afterMs) : backoff;
      await sql`
        UPDATE message_outbox
        SET status = ${dead ? 'dead' : 'pending'}, last_error = ${reason},
            next_attempt_at = now() + ${`${delay} milliseconds`}::interval
        WHERE (tenant_id, id, attempts) IN (${match}) AND status = 'sending'`.execute(this.#owner);
      this.#logger.warn({ key: job.key, attempt: job.attempt, dead, err: reason }, 'delivery failed');
    }
  }

  /** Stops claiming and waits for the sends in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
    await this.#driver.close?.();
  }
}
