import { UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import type { Context } from 'hono';
import { clientAddress } from '../http/request-headers.ts';
import type { AuthzSnapshot } from '../authz/snapshot.ts';
import type { AppEnv } from '../http/types.ts';
import { listPersonTenants } from '../identity/person-tenants.ts';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './cookie.ts';
import type { Identity } from './identity.ts';
import { buildPrincipal, type Principal } from './principal.ts';
import {
  deleteSession,
  extendSession,
  findSessionWithPerson,
  insertSession,
  type SessionWithPerson,
} from './sessions.repository.ts';
import { generateSessionToken, parseSessionToken, secretMatches } from './session-token.ts';

export type SessionCheck =
  | { state: 'none' }
  | { state: 'pending-mfa'; session: SessionWithPerson }
  | { state: 'active'; session: SessionWithPerson; principal: Principal }
  /** An admin reset the password: only `/me` and changing the password accept this session. */
  | { state: 'password-change'; session: SessionWithPerson; principal: Principal };

const NO_SESSION: SessionCheck = { state: 'none' };

/**
 * Validates a token from a cookie: the row exists, the secret matches in constant time, neither
 * expiry has passed, and the person is active. Extends the idle expiry when less than half is
 * left (one write per half window, not per request).
 */
export async function checkSessionToken(
  identity: Identity,
  token: string | undefined,
): Promise<SessionCheck> {
  const parsed = parseSessionToken(token);
  if (!parsed) return NO_SESSION;
  return checkCachedSession(identity, parsed, Date.now()) ?? (await checkStoredSession(identity, parsed));
}

/**
 * The check answered from this node's caches alone, or undefined when it needs the database (not
 * cached, expired, to be extended, or its authorisation snapshot not cached). Recently validated
 * sessions are reused: every node evicts them when any node ends or narrows them (LISTEN/NOTIFY,
 * see session-events.ts). The secret is still compared on every request.
 */
export function checkCachedSession(
  identity: Identity,
  parsed: { id: string; secret: string },
  now: number,
): SessionCheck | undefined {
  const session = identity.sessions.get(parsed.id, now);
  if (!session) return undefined;
  if (!secretMatches(parsed.secret, session.secretHash)) return NO_SESSION;
  if (
    session.idleExpiresAt.getTime() - now < identity.lifetimes.idleMs / 2 ||
    session.absoluteExpiresAt.getTime() <= now ||
    session.personStatus !== 'active'
  ) {
    return undefined;
  }
  if (session.mfaPending) return { state: 'pending-mfa', session };
  const snapshot = session.activeTenantId
    ? identity.authz.peek(session.personId, session.activeTenantId, session.authzVersion)
    : null;
  return snapshot === undefined ? undefined : principalCheck(session, snapshot);
}

/** The full check, reading the session (and its authorisation snapshot) from the database. */
export async function checkStoredSession(
  identity: Identity,
  parsed: { id: string; secret: string },
): Promise<SessionCheck> {
  const now = Date.now();
  const epoch = identity.sessions.epoch;
  const cached = identity.sessions.get(parsed.id, now);
  const session = cached ?? (await findSessionWithPerson(identity.db, parsed.id));
  if (!session || !secretMatches(parsed.secret, session.secretHash)) return NO_SESSION;
  if (!cached) identity.sessions.remember(session, now, epoch);
  if (session.idleExpiresAt.getTime() <= now || session.absoluteExpiresAt.getTime() <= now) {
    await deleteSession(identity.db, session.id);
    return NO_SESSION;
  }
  if (session.personStatus !== 'active') {
    await deleteSession(identity.db, session.id);
    return NO_SESSION;
  }
  if (session.mfaPending) return { state: 'pending-mfa', session };
  if (session.idleExpiresAt.getTime() - now < identity.lifetimes.idleMs / 2) {
    const next = new Date(Math.min(now + identity.lifetimes.idleMs, session.absoluteExpiresAt.getTime()));
    await extendSession(identity.db, session.id, next);
    session.idleExpiresAt = next;
  }
  const snapshot = session.activeTenantId
    ? await identity.authz.get(session.personId, session.activeTenantId, session.authzVersion)
    : null;
  return principalCheck(session, snapshot);
}

/**
 * The principal of a session under a snapshot, built once per (cached session, snapshot) pair:
 * both are immutable while cached (a change replaces them), and a principal holds no state.
 */
const principals = new WeakMap<SessionWithPerson, { snapshot: AuthzSnapshot | null; check: SessionCheck }>();

function principalCheck(session: SessionWithPerson, snapshot: AuthzSnapshot | null): SessionCheck {
  const memo = principals.get(session);
  if (memo && memo.snapshot === snapshot) return memo.check;
  const principal = buildPrincipal(session, snapshot);
  const check: SessionCheck = session.passwordMustChange
    ? { state: 'password-change', session, principal }
    : { state: 'active', session, principal };
  principals.set(session, { snapshot, check });
  return check;
}

/**
 * The principal of a full session, or of one that must change its password first (which the
 * session middleware does not put on the context). For the routes that such a session may use.
 */
export function principalAllowingPasswordChange(c: Context<AppEnv>): Principal | Promise<Principal> {
  return c.get('principal') ?? passwordChangePrincipal(c);
}

async function passwordChangePrincipal(c: Context<AppEnv>): Promise<Principal> {
  const identity = c.get('identity');
  const check = await checkSessionToken(identity, readSessionCookie(c, identity.cookie));
  if (check.state === 'password-change') return check.principal;
  throw new UnauthenticatedError();
}

export interface NewSessionOptions {
  personId: string;
  /** The tenant to act in; defaults to the person's first school (or bureau, or platform). */
  activeTenantId?: string | null;
  /** Password checked but TOTP still to verify: the session can only complete MFA. */
  mfaPending?: boolean;
  mfaVerified?: boolean;
  /** Keep the absolute expiry of the session being replaced (rotation must not extend it). */
  absoluteExpiresAt?: Date;
}

/**
 * Starts a new session for a person and sets its cookie. Any session the request presented is
 * ended first, so a token planted before login (session fixation) never becomes authenticated.
 * The OIDC and CAS login pages reuse this.
 *
 * @example
 * const { sessionId } = await createSessionForPerson(c, { personId });
 */
export async function createSessionForPerson(
  c: Context<AppEnv>,
  options: NewSessionOptions,
): Promise<{ sessionId: string; activeTenantId: string | null; expiresAt: Date }> {
  const identity = c.get('identity');
  await endPresentedSession(c, { clearCookie: false });
  let activeTenantId = options.activeTenantId;
  if (activeTenantId === undefined) {
    activeTenantId = (await listPersonTenants(identity.db, options.personId))[0]?.tenantId ?? null;
  }
  const now = Date.now();
  const absoluteExpiresAt = options.absoluteExpiresAt ?? new Date(now + identity.lifetimes.absoluteMs);
  const idleExpiresAt = new Date(Math.min(now + identity.lifetimes.idleMs, absoluteExpiresAt.getTime()));
  const token = generateSessionToken();
  await insertSession(identity.db, {
    id: token.id,
    secretHash: token.secretHash,
    personId: options.personId,
    activeTenantId,
    mfaPending: options.mfaPending ?? false,
    mfaVerifiedAt: options.mfaVerified ? new Date() : null,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
    idleExpiresAt,
    absoluteExpiresAt,
  });
  writeSessionCookie(c, identity.cookie, token.token, absoluteExpiresAt);
  return { sessionId: token.id, activeTenantId, expiresAt: absoluteExpiresAt };
}

/** Deletes the session the request's cookie names (if its secret matches) and clears the cookie. */
export async function endPresentedSession(
  c: Context<AppEnv>,
  options: { clearCookie?: boolean } = {},
): Promise<string | null> {
  const identity = c.get('identity');
  const parsed = parseSessionToken(readSessionCookie(c, identity.cookie));
  if (!parsed) return null;
  const session = await findSessionWithPerson(identity.db, parsed.id);
  if (options.clearCookie !== false) clearSessionCookie(c, identity.cookie);
  if (!session || !secretMatches(parsed.secret, session.secretHash)) return null;
  await deleteSession(identity.db, session.id);
  await identity.settle();
  return session.id;
}

/** The client's address as the server saw it (no proxy headers are trusted by default). */
export function clientIp(c: Context<AppEnv>): string {
  return clientAddress(c);
}
