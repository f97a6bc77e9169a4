import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.ts';
import type { AppEnv } from '../../http/types.ts';

/**
 * Gives each request a child logger bound to its request id and logs one line when it ends.
 * Health probes log at debug so that they do not drown the log.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function requestLogger(c, next) {
    const started = performance.now();
    const child = logger.child({ reqId: c.get('requestId') });
    c.set('logger', child);
    await next();
    const path = c.req.path;
    const level = path === '/healthz' || path === '/readyz' ? 'debug' : 'info';
    child[level](
      {
        method: c.req.method,
        path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}
