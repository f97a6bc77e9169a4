import { LimitError } from '@campusbase/plugin-sdk/errors';

/** Calls per window for each kind of capability, per installation. */
export interface QuotaRules {
  /** Every capability call. */
  calls: { limit: number; windowMs: number };
  'http.fetch': { limit: number; windowMs: number };
  'messages.send': { limit: number; windowMs: number };
  'iot.sendCommand': { limit: number; windowMs: number };
}

export const defaultQuotas: QuotaRules = {
  calls: { limit: 20_000, windowMs: 60_000 },
  'http.fetch': { limit: 120, windowMs: 60_000 },
  'messages.send': { limit: 60, windowMs: 60_000 },
  'iot.sendCommand': { limit: 120, windowMs: 60_000 },
};

/**
 * Fixed-window counters per (installation, rule), in this process. A misbehaving app hits its own
 * limits and gets 429s; other installations keep theirs. (Across several nodes each node counts
 * for itself, which bounds the total at nodes × limit.)
 */
export class QuotaCounter {
  readonly #rules: QuotaRules;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(rules: QuotaRules = defaultQuotas) {
    this.#rules = rules;
  }

  /** Counts one use; throws LimitError (429) with Retry-After when the window is full. */
  take(installationId: string, rule: keyof QuotaRules, now = Date.now()): void {
    const { limit, windowMs } = this.#rules[rule];
    const key = `${installationId}:${rule}`;
    let window = this.#windows.get(key);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
      if (this.#windows.size > 100_000) this.#prune(now);
    }
    if (window.count >= limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
      throw new LimitError(
        {
          zh: `应用调用过于频繁（${rule} 每 ${windowMs / 1000} 秒最多 ${limit} 次），请 ${retryAfterSeconds} 秒后再试`,
          en: `The app calls ${rule} too often (at most ${limit} per ${windowMs / 1000} s); retry in ${retryAfterSeconds} s`,
        },
        { status: 429, retryAfterSeconds, code: 'app_quota_exceeded', details: { rule, limit } },
      );
    }
    window.count++;
  }

  #prune(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.start > 3_600_000) this.#windows.delete(key);
    }
  }
}
