import { describe, expect, it } from 'vitest';
import { generateSessionToken, parseSessionToken, secretMatches } from './session-token.ts';

describe('session tokens', () => {
  it('round-trips and matches only the right secret', () => {
    const t = generateSessionToken();
    const parsed = parseSessionToken(t.token);
    expect(parsed?.id).toBe(t.id);
    expect(secretMatches(parsed?.secret ?? '', t.secretHash)).toBe(true);
    expect(secretMatches(generateSessionToken().secret, t.secretHash)).toBe(false);
  });
  it('rejects malformed cookies', () => {
    expect(parseSessionToken('abc')).toBeNull();
    expect(parseSessionToken(`${'A'.repeat(24)}.${'b'.repeat(43)}`)).toBeNull();
    expect(parseSessionToken(undefined)).toBeNull();
  });
});
