import { parse, serialize } from 'hono/utils/cookie';
import type { Identity } from '../auth/identity.ts';
import { checkSessionToken } from '../auth/session.service.ts';
import { deleteSession, findSessionWithPerson } from '../auth/sessions.repository.ts';
import { parseSessionToken, secretMatches } from '../auth/session-token.ts';

/**
 * SSO's view of the platform session, from a raw Cookie header: the OIDC provider runs on Koa and
 * the CAS validator has no Hono session middleware in front of its logic, so both read the cookie
 * themselves. It adapts identity's session service (issue 3, part 1); it does not re-implement it.
 */
export interface PlatformSession {
  /** The person behind a valid, fully authenticated session (MFA done), or null. */
  personOf(cookieHeader: string | undefined): Promise<{ personId: string; sessionId: string } | null>;
  /** Ends the session the header names (if its secret matches) and returns Set-Cookie values that clear it. */
  end(cookieHeader: string | undefined): Promise<string[]>;
}

export function platformSession(identity: Identity): PlatformSession {
  const name = identity.cookie.name;
  const tokenOf = (header: string | undefined) => (header ? parse(header, name)[name] : undefined);
  return {
    async personOf(header) {
      const check = await checkSessionToken(identity, tokenOf(header));
      return check.state === 'active'
        ? { personId: check.session.personId, sessionId: check.session.id }
        : null;
    },
    async end(header) {
      const parsed = parseSessionToken(tokenOf(header));
      if (!parsed) return [];
      const session = await findSessionWithPerson(identity.db, parsed.id);
      if (session && secretMatches(parsed.secret, session.secretHash))
        await deleteSession(identity.db, session.id);
      return [
        serialize(name, '', {
          path: '/',
          httpOnly: true,
          secure: identity.cookie.secure,
          sameSite: 'Lax',
          maxAge: 0,
        }),
      ];
    },
  };
}
