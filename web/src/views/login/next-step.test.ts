import { describe, expect, it } from 'vitest';
import type { Me } from '../../api/auth.ts';
import { nextStep } from './next-step.ts';

const school = (tenantId: string, name: string) => ({
  tenantId,
  code: tenantId.slice(0, 4),
  name,
  kind: 'school',
  roles: ['parent'],
  memberships: [],
});

function me(active: string | null, tenants: string[]): Me {
  return {
    person: {
      id: '00000000-0000-4000-8000-000000000001',
      displayName: '陈静',
      phone: null,
      email: null,
      username: 'chenjing',
      nationalIdMasked: null,
      locale: 'zh-CN',
    },
    activeTenant: active ? { id: active, name: active, kind: 'school' } : null,
    roles: [],
    permissions: [],
    mfa: { enrolled: false, verified: false, requiredButMissing: false },
    passwordChangeRequired: false,
    tenants: tenants.map((t) => school(t, t)),
    children: [],
  };
}

describe('which school a person enters after login', () => {
  it('enters the school whose login page they used, switching to it when needed', () => {
    expect(nextStep(me('a', ['a', 'b']), 'a')).toEqual({ kind: 'done' });
    expect(nextStep(me('a', ['a', 'b']), 'b')).toEqual({ kind: 'switch', tenantId: 'b' });
  });

  it('asks a person with several schools to choose when the login page was not one of theirs', () => {
    expect(nextStep(me('a', ['a', 'b']), 'c')).toEqual({ kind: 'choose' });
    expect(nextStep(me(null, ['a', 'b']), null)).toEqual({ kind: 'choose' });
  });

  it('enters the only school directly', () => {
    expect(nextStep(me(null, ['a']), 'c')).toEqual({ kind: 'switch', tenantId: 'a' });
    expect(nextStep(me('a', ['a']), null)).toEqual({ kind: 'done' });
    expect(nextStep(me(null, []), null)).toEqual({ kind: 'done' });
  });
});
