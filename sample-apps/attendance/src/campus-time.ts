/**
 * The campus clock. Schools run on China Standard Time (UTC+8, no daylight saving), so a fixed
 * offset is exact and needs no time-zone database inside the sandbox.
 */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

function shifted(at: string | number): Date {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return new Date(ms + OFFSET_MS);
}

/** `2026-11-23` for an instant, on the campus calendar. */
export function campusDate(at: string | number): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** `07:32` for an instant, on the campus clock. */
export function campusClock(at: string | number): string {
  return shifted(at).toISOString().slice(11, 16);
}

export function isDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - weekday(date));
}

/** `11月23日` for messages to parents. */
export function chineseDay(date: string): string {
  const [, month, day] = date.split('-');
  return `${Number(month)}月${Number(day)}日`;
}
