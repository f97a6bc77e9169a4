import { describe, expect, it } from 'vitest';
import { addDays, campusClock, campusDate, chineseDay, isDate, mondayOf, weekday } from './campus-time.ts';

describe('campus clock', () => {
  it('puts an instant on the campus calendar (UTC+8), across midnight UTC', () => {
    expect(campusDate('2026-11-22T23:40:00Z')).toBe('2026-11-23');
    expect(campusClock('2026-11-22T23:40:00Z')).toBe('07:40');
    expect(campusDate('2026-11-23T15:59:00Z')).toBe('2026-11-23');
    expect(campusDate('2026-11-23T16:00:00Z')).toBe('2026-11-24');
  });

  it('finds weekdays and Mondays', () => {
    expect(weekday('2026-11-23')).toBe(1);
    expect(weekday('2026-11-29')).toBe(7);
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
  });

  it('accepts only real dates and writes them the Chinese way', () => {
    expect(isDate('2026-11-23')).toBe(true);
    expect(isDate('2026-13-01')).toBe(false);
    expect(isDate('23/11/2026')).toBe(false);
    expect(chineseDay('2026-11-03')).toBe('11月3日');
  });
});
