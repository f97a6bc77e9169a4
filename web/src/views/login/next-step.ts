import type { Me } from '../../api/auth.ts';

export type NextStep = { kind: 'done' } | { kind: 'switch'; tenantId: string } | { kind: 'choose' };

/**
 * After the credentials (and the second factor) are accepted: which school does the person enter?
 * The school whose login page they used, when they belong to it; their only school; or, for people
 * with roles in several schools (a parent with children in two), a choice.
 *
 * @example
 * nextStep(me, brandedSchoolId) // { kind: 'switch', tenantId } when they belong there but act elsewhere
 */
export function nextStep(me: Me, preferredTenantId: string | null): NextStep {
  const active = me.activeTenant?.id ?? null;
  const ids = me.tenants.map((t) => t.tenantId);
  if (preferredTenantId && ids.includes(preferredTenantId)) {
    return active === preferredTenantId ? { kind: 'done' } : { kind: 'switch', tenantId: preferredTenantId };
  }
  if (ids.length > 1) return { kind: 'choose' };
  if (ids.length === 1 && active !== ids[0]) return { kind: 'switch', tenantId: ids[0]! };
  return { kind: 'done' };
}
