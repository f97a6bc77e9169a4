import { describe, expect, it } from 'vitest';
import { smsGraceEndsAt } from './login-method.ts';

describe('smsGraceEndsAt', () => {
  const at = new Date('2026-11-22T04:00:00Z');
  const plus = (ms: number) => new Date(at.getTime() + ms);

  it('allows five minutes after an SMS-code login, and not a moment longer', () => {
    const auth = { method: 'sms' as const, authenticatedAt: at };
    expect(smsGraceEndsAt(auth, plus(0))?.toISOString()).toBe('2026-11-22T04:05:00.000Z');
    expect(smsGraceEndsAt(auth, plus(4 * 60_000 + 59_999))).not.toBeNull();
    expect(smsGraceEndsAt(auth, plus(5 * 60_000))).toBeNull();
  });

  it('never allows it after a password login or when nothing was recorded', () => {
    expect(smsGraceEndsAt({ method: 'password', authenticatedAt: at }, at)).toBeNull();
    expect(smsGraceEndsAt({ method: 'password_reset', authenticatedAt: at }, at)).toBeNull();
    expect(smsGraceEndsAt(null, at)).toBeNull();
  });
});
