import { describe, expect, it } from 'vitest';
import { meetsPolicy, resetTokenFromHash } from './reset-link.ts';

describe('resetTokenFromHash', () => {
  it('reads the token of an emailed link and nothing else', () => {
    const token = 'CtvMRuQfEiLu0QhJWTAwWtKRUR739lkEtzntPlYC3Z4';
    expect(resetTokenFromHash(`#reset=${token}`)).toBe(token);
    expect(resetTokenFromHash('')).toBeNull();
    expect(resetTokenFromHash('#reset=short')).toBeNull();
    expect(resetTokenFromHash(`#reset=${token}&next=https://evil.example`)).toBeNull();
  });
});

describe('meetsPolicy', () => {
  it('counts characters and kinds as the server does', () => {
    const strict = { minLength: 10, minCharClasses: 3 };
    expect(meetsPolicy('Chen#Jing2026', strict)).toBe(true);
    expect(meetsPolicy('chenjing2026', strict)).toBe(false);
    expect(meetsPolicy('Chen@2026', strict)).toBe(false);
    expect(meetsPolicy('abcdefgh12', { minLength: 8, minCharClasses: 2 })).toBe(true);
  });
});
