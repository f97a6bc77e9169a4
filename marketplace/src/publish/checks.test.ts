import type { AppManifest } from '@campusbase/plugin-sdk/manifest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, engineCheck, riskCheck, scopeDiff, sizeCheck, versionCheck } from './checks.ts';

const manifest = (range: string) => ({ engines: { campusbase: range } }) as unknown as AppManifest;

describe('automated checks', () => {
  it('admits the running platform only when the engines range does', () => {
    expect(engineCheck(manifest('^0.1.0'), '0.1.0').ok).toBe(true);
    expect(engineCheck(manifest('>=0.2.0'), '0.1.0').ok).toBe(false);
  });

  it('refuses a downgrade and a re-used version', () => {
    expect(versionCheck('1.1.0', ['1.0.0', '0.9.0']).ok).toBe(true);
    expect(versionCheck('0.9.5', ['1.0.0']).ok).toBe(false);
    expect(versionCheck('1.0.0', ['1.0.0']).ok).toBe(false);
  });

  it('rates risk from the scopes', () => {
    expect(riskCheck(['org:read']).risk).toBe('low');
    expect(riskCheck(['org:read', 'messages:send']).risk).toBe('medium');
    expect(riskCheck(['people:read:contact']).risk).toBe('high');
  });

  it('fails a bundle above the limit', () => {
    const files = new Map([['server.mjs', new Uint8Array(DEFAULT_LIMITS.maxBundleBytes + 1)]]);
    expect(sizeCheck(1000, files, DEFAULT_LIMITS).ok).toBe(false);
    expect(sizeCheck(1000, new Map([['server.mjs', new Uint8Array(10)]]), DEFAULT_LIMITS).ok).toBe(true);
  });

  it('diffs scopes for the upgrade consent', () => {
    expect(scopeDiff(['org:read'], ['org:read', 'messages:send'])).toEqual({
      added: ['messages:send'],
      removed: [],
      kept: ['org:read'],
    });
  });
});
