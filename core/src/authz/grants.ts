import { ADMIN_PERMISSIONS } from './permissions.ts';

/** A role held by the principal in the active tenant, with the permissions it resolves to. */
export interface EffectiveGrant {
  role: string;
  /** The org subtree the grant covers; null means the whole tenant. */
  orgUnitId: string | null;
  permissions: ReadonlySet<string>;
}

/** Where a permission applies: everywhere in the tenant, or in these org subtrees. */
export type PermissionScope = { kind: 'tenant' } | { kind: 'units'; unitIds: string[] } | { kind: 'none' };

/**
 * Evaluates grants. `withheld` holds the permissions suspended for this session (admin
 * permissions while the tenant's MFA policy is unmet).
 */
export class GrantSet {
  readonly grants: ReadonlyArray<EffectiveGrant>;
  readonly withheld: ReadonlySet<string>;

  constructor(grants: ReadonlyArray<EffectiveGrant>, mfaUnmet: boolean) {
    this.grants = grants;
    this.withheld = mfaUnmet ? ADMIN_PERMISSIONS : new Set();
  }

  /**
   * True when a grant carries the permission over the target. `unitPath` is the target org unit's
   * path (`/id/…/id/`); a unit is inside a grant's subtree when its path names the grant's unit.
   * Without a target, only a tenant-wide grant counts.
   */
  can(permission: string, unitPath?: string | null): boolean {
    if (this.withheld.has(permission)) return false;
    for (const grant of this.grants) {
      if (!grant.permissions.has(permission)) continue;
      if (grant.orgUnitId === null) return true;
      if (unitPath?.includes(`/${grant.orgUnitId}/`)) return true;
    }
    return false;
  }

  /** Whether the permission is held anywhere, at any scope. */
  holdsAnywhere(permission: string): boolean {
    if (this.withheld.has(permission)) return false;
    return this.grants.some((g) => g.permissions.has(permission));
  }

  /** The subtrees a permission covers, for filtering lists (a head teacher sees their class). */
  scopeOf(permission: string): PermissionScope {
    if (this.withheld.has(permission)) return { kind: 'none' };
    const unitIds: string[] = [];
    for (const grant of this.grants) {
      if (!grant.permissions.has(permission)) continue;
      if (grant.orgUnitId === null) return { kind: 'tenant' };
      unitIds.push(grant.orgUnitId);
    }
    return unitIds.length > 0 ? { kind: 'units', unitIds } : { kind: 'none' };
  }

  /** Every permission held at any scope. */
  allPermissions(): Set<string> {
    const all = new Set<string>();
    for (const grant of this.grants) for (const p of grant.permissions) if (!this.withheld.has(p)) all.add(p);
    return all;
  }
}
