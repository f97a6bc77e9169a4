import { LimitError } from '@campusbase/plugin-sdk/errors';
import type { Context, MiddlewareHandler } from 'hono';
import { clientIp } from '../../auth/session.service.ts';
import type { AppEnv } from '../../http/types.ts';

export interface RateLimitOptions {
  /** Names the limit in the error details and separates its counters. */
  name: string;
  windowMs: number;
  max: number;
  /**
   * What is counted; the client IP by default. Return null to skip the request. May be async, to
   * key on a field of the JSON body (the body stays readable for the route).
   */
  key?: (c: Context<AppEnv>) => string | null | Promise<string | null>;
}

/**
 * A fixed-window request limiter kept in this node's memory. It protects a node from bursts; a
 * limit that must hold across nodes (login lockout, SMS) uses the auth_throttle table instead.
 *
 * @example
 * app.use('/api/v1/reports/*', rateLimit({ name: 'reports', windowMs: 60_000, max: 30 }));
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  let sweptAt = Date.now();
  return async function rateLimiter(c, next) {
    const key = options.key ? await options.key(c) : clientIp(c);
    if (key === null) return next();
    const now = Date.now();
    if (now - sweptAt > options.windowMs) {
      for (const [k, w] of windows) if (now - w.start >= options.windowMs) windows.delete(k);
      sweptAt = now;
    }
    let window = windows.get(key);
    if (!window || now - window.start >= options.windowMs) {
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > options.max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.start + options.windowMs - now) / 1000));
      throw new LimitError(
        {
          zh: `请求过于频繁，请 ${retryAfterSeconds} 秒后再试`,
          en: `Too many requests; try again in ${retryAfterSeconds} s`,
        },
        { retryAfterSeconds, details: { limit: options.name } },
      );
    }
    return next();
  };
}
