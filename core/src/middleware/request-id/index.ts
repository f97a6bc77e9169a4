import type { MiddlewareHandler } from 'hono';
import { requestHeader } from '../../http/request-headers.ts';
import { addStaticHeaders } from '../../http/static-headers.ts';
import type { AppEnv } from '../../http/types.ts';

// A caller's id is kept when it is short and plain, so a gateway's id follows the request through.
const ACCEPTABLE = /^[\w.:-]{8,128}$/;

/** Gives every request an id (X-Request-Id in and out) for logs and for people quoting an error. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function assignRequestId(c, next) {
    const incoming = requestHeader(c, 'x-request-id');
    const id = incoming && ACCEPTABLE.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    await next();
    addStaticHeaders(c, [['X-Request-Id', id]]);
  };
}
