import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { LoginMethod } from '../identity/identity.table.ts';

/** How long after an SMS-code login the session may set a password without the old one. */
export const SMS_RECENT_MS = 5 * 60_000;

export interface SessionAuthentication {
  method: LoginMethod;
  authenticatedAt: Date;
}

/** Records how and when the person of a new session authenticated. */
export async function recordAuthentication(
  db: Kysely<Database>,
  sessionId: string,
  auth: SessionAuthentication,
): Promise<void> {
  await db
    .insertInto('session_authentications')
    .values({ session_id: sessionId, method: auth.method, authenticated_at: auth.authenticatedAt })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet({ method: auth.method, authenticated_at: auth.authenticatedAt }),
    )
    .execute();
}

export async function readAuthentication(
  db: Kysely<Database>,
  sessionId: string,
): Promise<SessionAuthentication | null> {
  const row = await db
    .selectFrom('session_authentications')
    .select(['method', 'authenticated_at'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row ? { method: row.method, authenticatedAt: row.authenticated_at } : null;
}

/**
 * Until when this session may set a password without the current one: an SMS-code login proved
 * control of the phone a moment ago, which is what the forgot-password flow asks for too. Null
 * when the session did not start with an SMS code or that was more than 5 minutes ago.
 */
export function smsGraceEndsAt(auth: SessionAuthentication | null, now: Date): Date | null {
  if (auth?.method !== 'sms') return null;
  const ends = auth.authenticatedAt.getTime() + SMS_RECENT_MS;
  return ends > now.getTime() ? new Date(ends) : null;
}
