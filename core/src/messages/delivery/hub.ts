import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { type InboxItem, inboxItem } from '../inbox.repository.ts';
import { MESSAGES_CHANNEL } from '../send.ts';
import type { PgListener } from './listener.ts';

export interface InboxSubscriber {
  personId: string;
  locale: string;
  /** Pushes one inbox item to the client; must not throw. */
  push(item: InboxItem): void;
  /** Called when the node shuts down or the listener lost events: the client should reconnect. */
  end(): void;
}

/**
 * The in-app channel of one node. Every node LISTENs on `cb_messages`; PostgreSQL delivers each
 * NOTIFY, on commit, to all of them, so a message sent through any node reaches the clients
 * connected to every node. Each node then reads only the deliveries of the people connected to it.
 */
export class InboxHub {
  readonly #owner: Kysely<Database>;
  readonly #logger: Logger;
  readonly #byPerson = new Map<string, Set<InboxSubscriber>>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  /** Resolves after each handled notification; benches and tests wait on it. */
  onPushed: ((messageId: string, pushed: number) => void) | null = null;

  constructor(owner: Kysely<Database>, listener: PgListener, logger: Logger) {
    this.#owner = owner;
    this.#logger = logger;
    listener.on(MESSAGES_CHANNEL, (payload) => {
      // One at a time, in commit order, so every client sees its items in order.
      this.#queue = this.#queue
        .then(() => this.#handle(payload))
        .catch((error) => {
          this.#logger.error({ err: error, payload }, 'inbox push failed');
        });
    });
    // Notifications sent while the listener was down are lost: ask clients to resume.
    listener.onReconnect(() => {
      for (const set of this.#byPerson.values()) for (const subscriber of set) subscriber.end();
    });
  }

  get connections(): number {
    let n = 0;
    for (const set of this.#byPerson.values()) n += set.size;
    return n;
  }

  subscribe(subscriber: InboxSubscriber): () => void {
    if (this.#closed) {
      subscriber.end();
      return () => undefined;
    }
    let set = this.#byPerson.get(subscriber.personId);
    if (!set) {
      set = new Set();
      this.#byPerson.set(subscriber.personId, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.#byPerson.get(subscriber.personId) === set)
        this.#byPerson.delete(subscriber.personId);
    };
  }

  async #handle(payload: string): Promise<void> {
    const [tenantId, messageId] = payload.split(':');
    if (!tenantId || !messageId || this.#byPerson.size === 0) {
      this.onPushed?.(messageId ?? '', 0);
      return;
    }
    const message = await this.#owner
      .selectFrom('messages')
      .select([
        'id',
        'tenant_id',
        'category',
        'priority',
        'content',
        'deep_link',
        'sender_name',
        'sender_kind',
        'created_at',
        'receipts',
      ])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (!message) return;
    const connected = [...this.#byPerson.keys()];
    let query = this.#owner
      .selectFrom('message_deliveries')
      .select(['person_id', 'seq', 'read_at', 'archived_at'])
      .where('tenant_id', '=', tenantId)
      .where('message_id', '=', messageId);
    // Few people connected: ask for theirs. Many: read the message's deliveries once.
    if (connected.length <= 5000) query = query.where('person_id', 'in', connected);
    const deliveries = await query.execute();
    let pushed = 0;
    for (const delivery of deliveries) {
      const subscribers = this.#byPerson.get(delivery.person_id);
      if (!subscribers) continue;
      for (const subscriber of subscribers) {
        subscriber.push(inboxItem(delivery, message, subscriber.locale));
        pushed++;
      }
    }
    this.onPushed?.(messageId, pushed);
  }

  /** Ends every stream (clients reconnect to another node) and stops pushing. */
  close(): void {
    this.#closed = true;
    for (const set of this.#byPerson.values()) for (const subscriber of set) subscriber.end();
    this.#byPerson.clear();
  }
}
