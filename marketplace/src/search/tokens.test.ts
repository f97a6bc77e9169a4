import { describe, expect, it } from 'vitest';
import { indexTokens, queryTokens, toTsQuery } from './tokens.ts';

describe('Chinese search tokens', () => {
  it('indexes every character and every neighbouring pair of a Han run', () => {
    expect(indexTokens('智慧考勤系统')).toEqual(
      expect.arrayContaining(['考', '勤', '智慧', '考勤', '勤系', '系统']),
    );
  });

  it('cuts a query into bigrams that all occur in the indexed name', () => {
    const indexed = new Set(indexTokens('智慧考勤系统'));
    for (const { token } of queryTokens('考勤系统')) expect(indexed.has(token)).toBe(true);
    expect(queryTokens('考勤').map((t) => t.token)).toEqual(['考勤']);
  });

  it('keeps a one-character query as a unigram, and Latin words as lower-case prefixes', () => {
    expect(queryTokens('勤')).toEqual([{ token: '勤', prefix: false }]);
    expect(toTsQuery('Attend 考勤')).toBe("'attend':* & '考勤'");
  });

  it('drops punctuation and quotes, so a query cannot break the tsquery syntax', () => {
    expect(toTsQuery("考勤' | !x & (")).toBe("'考勤' & 'x':*");
    expect(toTsQuery('!!! ***')).toBeNull();
  });
});
