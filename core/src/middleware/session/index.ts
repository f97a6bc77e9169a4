import type { MiddlewareHandler } from 'hono';
import { clearedSessionCookie, sessionCookieIn } from '../../auth/cookie.ts';
import type { Identity } from '../../auth/identity.ts';
import { checkCachedSession, checkStoredSession, type SessionCheck } from '../../auth/session.service.ts';
import { parseSessionToken } from '../../auth/session-token.ts';
import { addFallbackHeader, type KernelStage, type KernelState } from '../../http/kernel.ts';
import type { AppEnv } from '../../http/types.ts';
import { type OriginCheckOptions, originCheck } from '../origin-check/index.ts';

/**
 * The kernel stage that resolves the session cookie into `c.var.principal` (left undefined when
 * absent or invalid) and puts the identity services on `c.var.identity`. It answers from this
 * node's caches without a promise when it can. A cookie that no longer names a valid session is
 * cleared (unless the response sets the cookie itself, as a login does). Requests without a
 * cookie cost nothing.
 */
export function sessionStage(identity: Identity): KernelStage {
  const clear: [string, string] = ['Set-Cookie', clearedSessionCookie(identity.cookie)];
  const settle = (state: KernelState, check: SessionCheck): void => {
    if (check.state === 'active') state.vars.principal = check.principal;
    else if (check.state === 'none') addFallbackHeader(state, clear[0], clear[1]);
  };
  return (request) => {
    const state = request.state;
    state.vars.identity = identity;
    const parsed = parseSessionToken(sessionCookieIn(request.header('cookie'), identity.cookie));
    if (!parsed) return;
    const cached = checkCachedSession(identity, parsed, Date.now());
    if (cached) return settle(state, cached);
    return checkStoredSession(identity, parsed).then((check) => settle(state, check));
  };
}

/**
 * Refuses state-changing requests that a browser sent from another site (see origin-check); it
 * is registered for the unsafe methods only, so reads stay on the kernel's fast path.
 */
export function crossSiteGuard(options: OriginCheckOptions): MiddlewareHandler<AppEnv> {
  const refuse = originCheck(options);
  return async function refuseCrossSite(c, next) {
    refuse(c);
    await next();
  };
}
