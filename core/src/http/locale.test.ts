import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locale.ts';

describe('negotiateLocale', () => {
  it('defaults to zh-CN', () => {
    expect(negotiateLocale(undefined)).toBe('zh-CN');
    expect(negotiateLocale('fr-FR')).toBe('zh-CN');
  });
  it('honours a preference for English', () => {
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLocale('zh-CN;q=0.5, en;q=0.8')).toBe('en');
  });
  it('keeps Chinese when it ranks first', () => {
    expect(negotiateLocale('zh-TW,en;q=0.9')).toBe('zh-CN');
  });
});
