import { describe, expect, it } from 'vitest';
import { isSmsCode, mainlandMobile } from './phone.ts';

describe('mainlandMobile', () => {
  it('accepts 11-digit mobile numbers as people type or paste them', () => {
    expect(mainlandMobile('13907719001')).toBe('13907719001');
    expect(mainlandMobile(' 139 0771 9001 ')).toBe('13907719001');
    expect(mainlandMobile('+86 139-0771-9001')).toBe('13907719001');
    expect(mainlandMobile('8613907719001')).toBe('13907719001');
  });

  it('refuses landlines, short numbers, wrong prefixes and foreign numbers', () => {
    for (const bad of [
      '',
      '1390771900',
      '139077190011',
      '12907719001',
      '0771-5551234',
      '+4915112345678',
      '1390771900a',
    ]) {
      expect(mainlandMobile(bad), bad).toBeNull();
    }
  });
});

describe('isSmsCode', () => {
  it('takes exactly six digits', () => {
    expect(isSmsCode('012345')).toBe(true);
    expect(isSmsCode(' 012345 ')).toBe(true);
    expect(isSmsCode('12345')).toBe(false);
    expect(isSmsCode('1234567')).toBe(false);
    expect(isSmsCode('12345a')).toBe(false);
  });
});
