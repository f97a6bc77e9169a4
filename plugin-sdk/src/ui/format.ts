import type { Locale } from '../errors/index.ts';

/**
 * Formatting for app pages on the campus clock: China Standard Time (UTC+8, no daylight saving),
 * whatever the time zone of the browser that shows the page.
 */
const CAMPUS_OFFSET_MS = 8 * 3600_000;

/**
 * The campus calendar date of an instant, `YYYY-MM-DD` (default: now).
 *
 * @example
 * campusDate(new Date('2026-11-22T23:32:00Z')) // '2026-11-23'
 */
export function campusDate(at: Date | string | number = Date.now()): string {
  return new Date(new Date(at).getTime() + CAMPUS_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The campus wall-clock time of an ISO instant, `HH:mm`; empty for no instant.
 *
 * @example
 * campusClock('2026-11-22T23:32:00Z') // '07:32'
 */
export function campusClock(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Date(time + CAMPUS_OFFSET_MS).toISOString().slice(11, 16);
}

/**
 * A date range for people: one day, or `from 至 to` (`from – to` in English).
 *
 * @example
 * formatDateRange('2026-11-23', '2026-11-24') // '2026-11-23 至 2026-11-24'
 */
export function formatDateRange(from: string, to: string, locale: Locale = 'zh-CN'): string {
  if (from === to) return from;
  return locale === 'en' ? `${from} – ${to}` : `${from} 至 ${to}`;
}

/**
 * An amount in fen (分, the smallest unit, as apps store money) as yuan.
 *
 * @example
 * formatYuan(1234500) // '¥12,345.00'
 */
export function formatYuan(fen: number, locale: Locale = 'zh-CN'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}
