import type { Category, ChannelPreferences, Priority } from './messages.table.ts';

/** Schools in mainland China keep Beijing time; quiet hours and digests follow the school's clock. */
export const SCHOOL_TIME_ZONE = 'Asia/Shanghai';
/** Low-priority email goes out once a day at 17:30, after school. */
export const DIGEST_MINUTE = 17 * 60 + 30;

export interface PersonPreferences {
  channels: ChannelPreferences;
  quietStart: number;
  quietEnd: number;
  digestLow: boolean;
}

export const DEFAULT_PREFERENCES: PersonPreferences = {
  channels: {},
  quietStart: 22 * 60,
  quietEnd: 7 * 60,
  digestLow: true,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes after local midnight, in a time zone. */
export function localMinutes(at: Date, timeZone = SCHOOL_TIME_ZONE): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

function inWindow(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The next time the local clock shows `targetMinute` (now, if it shows it already). */
export function nextLocal(at: Date, targetMinute: number, timeZone = SCHOOL_TIME_ZONE): Date {
  const now = localMinutes(at, timeZone);
  const wait = (targetMinute - now + 1440) % 1440;
  const start = new Date(at.getTime() + wait * 60_000);
  start.setUTCSeconds(0, 0);
  return start;
}

/**
 * When an SMS may go out: now, or at the end of the person's quiet hours (22:00–07:00 by default).
 * Alerts are never held.
 */
export function smsNotBefore(
  at: Date,
  category: Category,
  prefs: PersonPreferences,
  timeZone = SCHOOL_TIME_ZONE,
): Date {
  if (category === 'alert') return at;
  if (!inWindow(localMinutes(at, timeZone), prefs.quietStart, prefs.quietEnd)) return at;
  return nextLocal(at, prefs.quietEnd, timeZone);
}

/** Whether a person wants a channel for a category; a missing preference means yes. */
export function wantsChannel(
  prefs: PersonPreferences,
  category: Category,
  channel: 'email' | 'sms',
): boolean {
  return prefs.channels[category]?.[channel] !== false;
}

/** Low-priority email is gathered into the daily digest unless the person turned digests off. */
export function goesToDigest(priority: Priority, prefs: PersonPreferences): boolean {
  return priority === 'low' && prefs.digestLow;
}

/** The channels a category uses when the sender names none. */
export function defaultChannels(category: Category, priority: Priority): Array<'email' | 'sms'> {
  if (category === 'alert') return ['email', 'sms'];
  if (priority === 'urgent') return ['email', 'sms'];
  return ['email'];
}

/** Exponential backoff with jitter: base·2^(attempt−1), capped, ±20 %. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
