import type { SessionWithPerson } from './sessions.repository.ts';

/** How long a validated session is reused without a database read. */
export const SESSION_CACHE_TTL = {
  /** While a change feed (LISTEN/NOTIFY) is connected: changes evict entries at once on every node. */
  withFeedMs: 30_000,
  /** Without a feed (a single node, e.g. `buildApp` in tests): the bound on how stale a change can be. */
  withoutFeedMs: 2_000,
  /** A feed is configured but down: changes may be missed, so nothing is reused. */
  feedDownMs: 0,
};

const MAX_ENTRIES = 50_000;

/**
 * Recently validated sessions of one node (one identity), so a burst of requests costs one read.
 * Entries are evicted by session id or by person, and by the whole when the change feed reports
 * something it could not list. `epoch` guards a read racing an eviction: a row read before an
 * eviction is not remembered after it.
 */
export class SessionCache {
  readonly #entries = new Map<string, { session: SessionWithPerson; at: number }>();
  readonly #byPerson = new Map<string, Set<string>>();
  #epoch = 0;
  #ttlMs = SESSION_CACHE_TTL.withoutFeedMs;

  /** Bumped by every eviction; pass the value read before a lookup to `remember`. */
  get epoch(): number {
    return this.#epoch;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string, now: number): SessionWithPerson | undefined {
    const hit = this.#entries.get(id);
    if (!hit) return undefined;
    if (now - hit.at < this.#ttlMs) return hit.session;
    this.#drop(id);
    return undefined;
  }

  /** Remembers a session read from the database, unless something was evicted since `epoch`. */
  remember(session: SessionWithPerson, now: number, epoch: number): void {
    if (epoch !== this.#epoch) return;
    if (this.#entries.size >= MAX_ENTRIES) this.clear();
    this.#entries.set(session.id, { session, at: now });
    let ids = this.#byPerson.get(session.personId);
    if (!ids) {
      ids = new Set();
      this.#byPerson.set(session.personId, ids);
    }
    ids.add(session.id);
  }

  forgetSessions(ids: Iterable<string>): void {
    this.#epoch++;
    for (const id of ids) this.#drop(id);
  }

  forgetPersons(personIds: Iterable<string>): void {
    this.#epoch++;
    for (const personId of personIds) {
      for (const id of this.#byPerson.get(personId) ?? []) this.#entries.delete(id);
      this.#byPerson.delete(personId);
    }
  }

  clear(): void {
    this.#epoch++;
    this.#entries.clear();
    this.#byPerson.clear();
  }

  /** Whether this node's change feed is connected; sets the TTL and forgets everything. */
  setFeedConnected(connected: boolean): void {
    this.#ttlMs = connected ? SESSION_CACHE_TTL.withFeedMs : SESSION_CACHE_TTL.feedDownMs;
    this.clear();
  }

  #drop(id: string): void {
    const hit = this.#entries.get(id);
    if (!hit) return;
    this.#entries.delete(id);
    const ids = this.#byPerson.get(hit.session.personId);
    ids?.delete(id);
    if (ids?.size === 0) this.#byPerson.delete(hit.session.personId);
  }
}
