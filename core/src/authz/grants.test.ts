import { describe, expect, it } from 'vitest';
import { GrantSet } from './grants.ts';

const school = { role: 'school_admin', orgUnitId: null, permissions: new Set(['people:write', 'org:read']) };
const head72 = { role: 'head_teacher', orgUnitId: 'c72', permissions: new Set(['people:read']) };

describe('GrantSet', () => {
  it('lets a head teacher of 7-2 read that class and nothing else', () => {
    const set = new GrantSet([head72], false);
    expect(set.can('people:read', '/campus/g7/c72/')).toBe(true);
    expect(set.can('people:read', '/campus/g7/c73/')).toBe(false);
    expect(set.can('people:read')).toBe(false);
    expect(set.scopeOf('people:read')).toEqual({ kind: 'units', unitIds: ['c72'] });
  });
  it('treats a grant without a unit as school-wide', () => {
    const set = new GrantSet([school], false);
    expect(set.can('people:write', '/any/unit/')).toBe(true);
    expect(set.scopeOf('people:write')).toEqual({ kind: 'tenant' });
  });
  it('withholds admin permissions while MFA is required but missing', () => {
    const set = new GrantSet([school], true);
    expect(set.can('people:write')).toBe(false);
    expect(set.can('org:read')).toBe(true);
  });
});
