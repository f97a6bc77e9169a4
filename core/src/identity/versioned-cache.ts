/**
 * A small per-node cache whose keys carry a version (persons.authz_version), so a change anywhere
 * makes the old entry unreachable at once; the TTL bounds staleness of anything not versioned.
 */
export class VersionedCache<T> {
  readonly #entries = new Map<string, { value: T; at: number }>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(options: { ttlMs: number; max: number }) {
    this.#ttlMs = options.ttlMs;
    this.#max = options.max;
  }

  /** The cached value, or undefined when it must be loaded (`get`). */
  peek(key: string): T | undefined {
    const hit = this.#entries.get(key);
    return hit && Date.now() - hit.at < this.#ttlMs ? hit.value : undefined;
  }

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < this.#ttlMs) return hit.value;
    const value = await load();
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, at: now });
    return value;
  }
}
