import type { MiddlewareHandler } from 'hono';
import { clearSessionCookie, readSessionCookie } from '../../auth/cookie.ts';
import type { Identity } from '../../auth/identity.ts';
import { checkSessionToken } from '../../auth/session.service.ts';
import type { AppEnv } from '../../http/types.ts';

/**
 * Resolves the session cookie into `c.var.principal` (undefined when absent or invalid) and puts
 * the identity services on `c.var.identity`. A cookie that no longer names a valid session is
 * cleared. Requests without a cookie cost nothing.
 */
export function session(identity: Identity): MiddlewareHandler<AppEnv> {
  return async function sessionResolver(c, next) {
    c.set('identity', identity);
    const token = readSessionCookie(c, identity.cookie);
    if (token !== undefined) {
      const check = await checkSessionToken(identity, token);
      if (check.state === 'active') {
        c.set('principal', check.principal);
      } else if (check.state === 'none') {
        clearSessionCookie(c, identity.cookie);
      }
    }
    await next();
  };
}
