import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ChannelPreferences } from './messages.table.ts';
import { DEFAULT_PREFERENCES, type PersonPreferences } from './schedule.ts';

/** A person's own preferences (global: they apply in every school). */
export async function getPreferences(db: Kysely<Database>, personId: string): Promise<PersonPreferences> {
  const row = await db
    .selectFrom('message_preferences')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return DEFAULT_PREFERENCES;
  return {
    channels: row.channels,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    digestLow: row.digest_low,
  };
}

export async function putPreferences(
  db: Kysely<Database>,
  personId: string,
  prefs: PersonPreferences,
): Promise<void> {
  const values = {
    channels: JSON.stringify(prefs.channels satisfies ChannelPreferences),
    quiet_start: prefs.quietStart,
    quiet_end: prefs.quietEnd,
    digest_low: prefs.digestLow,
  };
  await db
    .insertInto('message_preferences')
    .values({ person_id: personId, ...values })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

export const toClock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
export const fromClock = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
