import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.ts';

/** The channel the 2026-11-21T1020 triggers notify on. */
export const SESSION_CHANGES_CHANNEL = 'cb_session_changes';
/** The application_name of every node's listener connection, by which a barrier counts the nodes. */
const LISTENER_NAME = 'campusbase-sessions';

export type SessionChange =
  | { kind: 'sessions'; ids: string[] }
  | { kind: 'persons'; ids: string[] }
  /** A node asks every node to confirm it has applied what came before (see `barrier`). */
  | { kind: 'barrier'; token: string }
  /** A node's confirmation of a barrier. */
  | { kind: 'ack'; token: string; node: string }
  | { kind: 'all' };

/** What a node's session cache needs from the feed. */
export interface SessionChangeSubscriber {
  changed(change: SessionChange): void;
  /** False while the feed is down (notifications may be missed), true once it is back. */
  connected(connected: boolean): void;
}

/** Parses a trigger payload (`s:<id>,…`, `p:<uuid>,…` or `*`); anything else means "forget all". */
export function parseSessionChange(payload: string): SessionChange {
  if (payload.startsWith('b:') && payload.length > 2) return { kind: 'barrier', token: payload.slice(2) };
  if (payload.startsWith('a:')) {
    const [token, node] = payload.slice(2).split(':');
    if (token && node) return { kind: 'ack', token, node };
  }
  const ids = payload.slice(2).split(',').filter(Boolean);
  if (payload.startsWith('s:') && ids.length > 0) return { kind: 'sessions', ids };
  if (payload.startsWith('p:') && ids.length > 0) return { kind: 'persons', ids };
  return { kind: 'all' };
}

/**
 * One LISTEN connection per node on `cb_session_changes`. Database triggers notify at commit when
 * a session is deleted or changed and when a person's status or authorisation changes, so every
 * node evicts its cached sessions at once: a logout, revocation, disabling or privilege change on
 * one node holds on all of them. The connection reconnects with backoff; while it is down,
 * subscribers are told so (they shorten their cache) and they forget everything on reconnect,
 * because NOTIFY is not queued for a listener that is gone.
 *
 * @example
 * const feed = await startSessionEvents(db.appUrl, logger);
 * cleanup.push(() => feed.close());
 */
export class SessionEvents {
  readonly #url: string;
  readonly #logger: Logger;
  readonly #subscribers = new Set<SessionChangeSubscriber>();
  #client: pg.Client | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | null = null;
  #attempt = 0;
  readonly #nodeId = randomUUID();
  readonly #barriers = new Map<string, Set<string>>();
  #barrierWaiters = new Set<() => void>();

  constructor(url: string, logger: Logger) {
    this.#url = url;
    this.#logger = logger;
  }

  get isConnected(): boolean {
    return this.#client !== null;
  }

  subscribe(subscriber: SessionChangeSubscriber): () => void {
    this.#subscribers.add(subscriber);
    subscriber.connected(this.isConnected);
    return () => this.#subscribers.delete(subscriber);
  }

  async start(): Promise<void> {
    await this.#connect();
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, application_name: LISTENER_NAME });
    client.on('notification', (message) => {
      if (message.channel !== SESSION_CHANGES_CHANNEL) return;
      const change = parseSessionChange(message.payload ?? '');
      if (change.kind === 'barrier') {
        // Everything committed before the barrier has been applied (handlers run in order): confirm.
        client
          .query('SELECT pg_notify($1, $2)', [SESSION_CHANGES_CHANNEL, `a:${change.token}:${this.#nodeId}`])
          .catch((error: unknown) => this.#logger.warn({ err: error }, 'session barrier ack failed'));
        return;
      }
      if (change.kind === 'ack') {
        this.#barriers.get(change.token)?.add(change.node);
        for (const wake of this.#barrierWaiters) wake();
        return;
      }
      for (const subscriber of this.#subscribers) subscriber.changed(change);
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${SESSION_CHANGES_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#attempt = 0;
    for (const subscriber of this.#subscribers) subscriber.connected(true);
  }

  #lost(client: pg.Client, error: Error | null): void {
    if (this.#client !== client || this.#closed) return;
    this.#client = null;
    for (const subscriber of this.#subscribers) subscriber.connected(false);
    this.#logger.warn({ err: error }, 'session change feed lost; reconnecting');
    client.end().catch(() => undefined);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed || this.#retry) return;
    const delay = Math.min(10_000, 200 * 2 ** this.#attempt++);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#connect().catch((error: unknown) => {
        this.#logger.warn({ err: error }, 'session change feed reconnect failed');
        this.#schedule();
      });
    }, delay);
  }

  /**
   * Resolves once every node listening on this database has applied the session changes committed
   * before the call. It notifies a barrier; each node's listener receives notifications in commit
   * order and applies them in order, so when it receives the barrier it has evicted what came
   * before, and it answers with an ack. The caller waits for as many acks as there are listener
   * connections (pg_stat_activity). Routes that end or narrow sessions call this before they
   * answer, so the client's next request, to any node, is judged on the new state. Gives up after
   * `timeoutMs` (a node that stopped answering; a node whose feed is down does not cache).
   */
  async barrier(timeoutMs = 2000): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const token = randomUUID();
    const acks = new Set<string>();
    this.#barriers.set(token, acks);
    let wake = () => {};
    let timer: NodeJS.Timeout | undefined;
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1`,
        [LISTENER_NAME],
      );
      const expected = Math.max(1, rows[0]?.n ?? 1);
      const done = new Promise<void>((resolve) => {
        wake = () => {
          if (acks.size >= expected) resolve();
        };
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      this.#barrierWaiters.add(wake);
      await client.query('SELECT pg_notify($1, $2)', [SESSION_CHANGES_CHANNEL, `b:${token}`]);
      await done;
      if (acks.size < expected) this.#logger.warn({ acks: acks.size, expected }, 'session barrier timed out');
    } catch (error) {
      this.#logger.warn({ err: error }, 'session change barrier failed');
    } finally {
      clearTimeout(timer);
      this.#barrierWaiters.delete(wake);
      this.#barriers.delete(token);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    const client = this.#client;
    this.#client = null;
    for (const subscriber of this.#subscribers) subscriber.connected(false);
    await client?.end().catch(() => undefined);
  }
}

/** Opens the node's session change feed; resolves once it listens. */
export async function startSessionEvents(url: string, logger: Logger): Promise<SessionEvents> {
  const events = new SessionEvents(url, logger);
  await events.start();
  return events;
}
