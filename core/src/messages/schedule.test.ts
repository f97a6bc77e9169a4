import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  DEFAULT_PREFERENCES,
  goesToDigest,
  localMinutes,
  smsNotBefore,
  wantsChannel,
} from './schedule.ts';

// 2026-11-21 14:30 UTC is 22:30 in Beijing.
const lateEvening = new Date('2026-11-21T14:30:00Z');
const afternoon = new Date('2026-11-21T06:00:00Z');

describe('quiet hours in the school time zone', () => {
  it('reads the clock in Asia/Shanghai', () => {
    expect(localMinutes(lateEvening)).toBe(22 * 60 + 30);
  });

  it('holds a notice SMS sent at 22:30 until 07:00 Beijing time', () => {
    expect(smsNotBefore(lateEvening, 'notice', DEFAULT_PREFERENCES).toISOString()).toBe(
      '2026-11-21T23:00:00.000Z',
    );
  });

  it('never holds an alert', () => {
    expect(smsNotBefore(lateEvening, 'alert', DEFAULT_PREFERENCES)).toEqual(lateEvening);
  });

  it('sends at once outside quiet hours', () => {
    expect(smsNotBefore(afternoon, 'todo', DEFAULT_PREFERENCES)).toEqual(afternoon);
  });

  it('follows a person whose quiet hours do not wrap midnight', () => {
    const prefs = { ...DEFAULT_PREFERENCES, quietStart: 12 * 60, quietEnd: 14 * 60 + 30 };
    expect(smsNotBefore(afternoon, 'notice', prefs).toISOString()).toBe('2026-11-21T06:30:00.000Z');
  });
});

describe('preferences', () => {
  it('treats a missing preference as enabled and honours an opt-out', () => {
    expect(wantsChannel(DEFAULT_PREFERENCES, 'notice', 'sms')).toBe(true);
    expect(
      wantsChannel({ ...DEFAULT_PREFERENCES, channels: { notice: { sms: false } } }, 'notice', 'sms'),
    ).toBe(false);
  });

  it('gathers low priority into the digest unless turned off', () => {
    expect(goesToDigest('low', DEFAULT_PREFERENCES)).toBe(true);
    expect(goesToDigest('normal', DEFAULT_PREFERENCES)).toBe(false);
    expect(goesToDigest('low', { ...DEFAULT_PREFERENCES, digestLow: false })).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles per attempt and stops at the cap', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 8000, mid))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
  });
});
