import { describe, expect, it } from 'vitest';
import { LimitError } from '@campusbase/plugin-sdk/errors';
import { defaultQuotas, QuotaCounter } from './quotas.ts';

describe('QuotaCounter', () => {
  it('refuses the call over the limit with a Retry-After, per installation', () => {
    const quotas = new QuotaCounter({ ...defaultQuotas, 'http.fetch': { limit: 2, windowMs: 60_000 } });
    quotas.take('a', 'http.fetch', 0);
    quotas.take('a', 'http.fetch', 1);
    expect(() => quotas.take('a', 'http.fetch', 2)).toThrow(LimitError);
    // another installation keeps its own window
    expect(() => quotas.take('b', 'http.fetch', 2)).not.toThrow();
    // a new window starts after windowMs
    expect(() => quotas.take('a', 'http.fetch', 60_001)).not.toThrow();
  });
});
