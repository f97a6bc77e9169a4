import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH } from './audit.chain.ts';

const entry = {
  tenantId: 't',
  seq: 1,
  at: new Date('2026-11-21T08:00:00.000Z'),
  actorPersonId: 'p',
  action: 'roles.grant',
  targetType: 'person',
  targetId: 'x',
  result: 'success' as const,
  ip: '127.0.0.1',
  userAgent: null,
  details: { b: 1, a: [2, { d: 3, c: 4 }] },
};

describe('audit hash chain', () => {
  it('hashes key order independently, as jsonb reorders keys', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });
  it('changes when any field or the previous link changes', () => {
    const h = chainHash(GENESIS_HASH, entry);
    expect(chainHash(GENESIS_HASH, { ...entry, result: 'denied' })).not.toBe(h);
    expect(chainHash('f'.repeat(64), entry)).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...entry })).toBe(h);
  });
});
