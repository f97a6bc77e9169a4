import { LimitError } from '@campusbase/plugin-sdk/errors';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

export interface ThrottleRule {
  /** Failures (or events) allowed within the window before the key locks. */
  max: number;
  windowMs: number;
  lockMs: number;
}

/** The moment a key stays locked until, or null. Shared by every node through PostgreSQL. */
export async function lockedUntil(db: Kysely<Database>, key: string): Promise<Date | null> {
  const row = await db
    .selectFrom('auth_throttle')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.locked_until && row.locked_until.getTime() > Date.now() ? row.locked_until : null;
}

/**
 * Counts one failure (or event) for a key in one atomic upsert. The window restarts when it has
 * passed; reaching `max` locks the key for `lockMs`. Returns the lock end if the key is now locked.
 */
export async function recordHit(db: Kysely<Database>, key: string, rule: ThrottleRule): Promise<Date | null> {
  const windowSeconds = rule.windowMs / 1000;
  const lockSeconds = rule.lockMs / 1000;
  const { rows } = await sql<{ locked_until: Date | null }>`
    INSERT INTO auth_throttle AS t (key, count, window_started_at, locked_until, updated_at)
    VALUES (${key}, 1, now(), CASE WHEN 1 >= ${rule.max} THEN now() + make_interval(secs => ${lockSeconds}) END, now())
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN t.window_started_at < now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE t.count + 1 END,
      window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE t.window_started_at END,
      locked_until = CASE
        WHEN (CASE WHEN t.window_started_at < now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE t.count + 1 END) >= ${rule.max}
        THEN greatest(coalesce(t.locked_until, now()), now() + make_interval(secs => ${lockSeconds}))
        ELSE t.locked_until END,
      updated_at = now()
    RETURNING locked_until`.execute(db);
  const until = rows[0]?.locked_until ?? null;
  return until && until.getTime() > Date.now() ? until : null;
}

export async function clearHits(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}

/** A 429 that says when to try again. */
export function lockedError(until: Date, what: { zh: string; en: string }): LimitError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new LimitError(
    {
      zh: `${what.zh}尝试次数过多，已暂时锁定，请 ${minutes} 分钟后再试或联系学校管理员`,
      en: `Too many attempts for ${what.en}; locked for now. Try again in ${minutes} min or ask your school admin`,
    },
    { retryAfterSeconds, code: 'locked' },
  );
}

/** Deletes counters untouched for a day (their windows and locks are long over). */
export async function purgeThrottle(db: Kysely<Database>, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('auth_throttle')
    .where('updated_at', '<', new Date(now.getTime() - 24 * 60 * 60 * 1000))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes SMS codes (login and password reset) and password-reset links and tickets that expired
 * more than a day ago, used or not.
 */
export async function purgeSmsCodes(db: Kysely<Database>, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const codes = await db.deleteFrom('sms_codes').where('expires_at', '<', before).executeTakeFirst();
  const tokens = await db
    .deleteFrom('password_reset_tokens')
    .where('expires_at', '<', before)
    .executeTakeFirst();
  return Number(codes.numDeletedRows) + Number(tokens.numDeletedRows);
}
