import pg from 'pg';
import type { Logger } from '../../logger.ts';

export type NotificationHandler = (payload: string) => void;

/**
 * One LISTEN connection per node, shared by the inbox streams and the channel workers. It
 * reconnects with backoff; `onReconnect` lets subscribers catch up on what they may have missed
 * while it was down (NOTIFY is not queued for a listener that is gone).
 */
export class PgListener {
  readonly #url: string;
  readonly #logger: Logger;
  readonly #handlers = new Map<string, Set<NotificationHandler>>();
  readonly #reconnectHandlers = new Set<() => void>();
  #client: pg.Client | null = null;
  #closed = false;
  #retryTimer: NodeJS.Timeout | null = null;
  #attempt = 0;

  constructor(url: string, logger: Logger) {
    this.#url = url;
    this.#logger = logger;
  }

  on(channel: string, handler: NotificationHandler): () => void {
    let set = this.#handlers.get(channel);
    if (!set) {
      set = new Set();
      this.#handlers.set(channel, set);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  onReconnect(handler: () => void): () => void {
    this.#reconnectHandlers.add(handler);
    return () => this.#reconnectHandlers.delete(handler);
  }

  /** Connects and listens; resolves once the first connection is up. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, application_name: 'campusbase-listen' });
    client.on('notification', (message) => {
      for (const handler of this.#handlers.get(message.channel) ?? []) {
        try {
          handler(message.payload ?? '');
        } catch (error) {
          this.#logger.error({ err: error, channel: message.channel }, 'notification handler failed');
        }
      }
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, null));
    await client.connect();
    for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.#client = client;
    this.#attempt = 0;
  }

  #lost(client: pg.Client, error: Error | null) {
    if (this.#client !== client || this.#closed) return;
    this.#client = null;
    this.#logger.warn({ err: error }, 'LISTEN connection lost; reconnecting');
    client.end().catch(() => undefined);
    this.#schedule();
  }

  #schedule() {
    if (this.#closed || this.#retryTimer) return;
    const delay = Math.min(10_000, 200 * 2 ** this.#attempt++);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect().then(
        () => {
          for (const handler of this.#reconnectHandlers) handler();
        },
        (error) => {
          this.#logger.warn({ err: error }, 'LISTEN reconnect failed');
          this.#schedule();
        },
      );
    }, delay);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }
}
