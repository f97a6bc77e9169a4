import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import type { Context } from 'hono';
import { GrantSet, type PermissionScope } from '../authz/grants.ts';
import type { AuthzSnapshot } from '../authz/snapshot.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import type { TenantKind } from '../tenancy/tenancy.table.ts';
import type { Identity } from './identity.ts';

/**
 * Who is calling: the contract every domain imports. A principal exists only for a valid, fully
 * authenticated session (MFA done when required); `c.var.principal` is undefined otherwise.
 */
export interface Principal {
  personId: string;
  sessionId: string;
  displayName: string;
  /** persons.authz_version when the session was read: a cache key for anything derived from grants. */
  authzVersion: number;
  /** The school or bureau the person is acting in; null when they hold nothing anywhere. */
  activeTenantId: string | null;
  tenantKind: TenantKind | null;
  tenantName: string | null;
  /** The tenant's path in the tenant tree (`/id/…/id/`), for bureau subtree checks. */
  tenantPath: string | null;
  /** Roles held in the active tenant, each over an org subtree (null: the whole tenant). */
  roles: ReadonlyArray<{ role: string; orgUnitId: string | null }>;
  mfaVerified: boolean;
  /** The tenant requires MFA for admins and this session has not verified it: admin permissions are withheld. */
  mfaMissing: boolean;
  /**
   * An admin reset the password and it has not been changed yet: the principal holds no permission
   * and exists only on `GET /api/v1/me` and `POST /api/v1/me/password`.
   */
  passwordChangeRequired?: boolean;
  /** Whether a permission is held over a target org unit (its path), or tenant-wide when none is given. */
  can(permission: string, unitPath?: string | null): boolean;
  /** Whether the permission is held at any scope. */
  holdsAnywhere(permission: string): boolean;
  /** Where a permission applies, for filtering lists. */
  scopeOf(permission: string): PermissionScope;
  /** Every permission held at any scope (for the portal's menus). */
  permissions(): Set<string>;
}

declare module '../http/types.ts' {
  interface KernelVariables {
    /** Set by the session middleware for an authenticated request. */
    principal: Principal | undefined;
    identity: Identity;
  }
}

export function buildPrincipal(
  session: {
    id: string;
    personId: string;
    displayName: string;
    authzVersion: number;
    mfaVerifiedAt: Date | null;
    passwordMustChange?: boolean;
  },
  snapshot: AuthzSnapshot | null,
): Principal {
  const mfaVerified = session.mfaVerifiedAt !== null;
  const grants = snapshot?.grants ?? [];
  const mfaMissing = Boolean(snapshot?.requireMfaForAdmins) && !mfaVerified;
  const passwordChangeRequired = session.passwordMustChange === true;
  const set = new GrantSet(passwordChangeRequired ? [] : grants, mfaMissing);
  return {
    personId: session.personId,
    sessionId: session.id,
    displayName: session.displayName,
    authzVersion: session.authzVersion,
    activeTenantId: snapshot?.tenantId ?? null,
    tenantKind: snapshot?.tenantKind ?? null,
    tenantName: snapshot?.tenantName ?? null,
    tenantPath: snapshot?.tenantPath ?? null,
    roles: grants.map((g) => ({ role: g.role, orgUnitId: g.orgUnitId })),
    mfaVerified,
    mfaMissing,
    passwordChangeRequired,
    can: (permission, unitPath) => set.can(permission, unitPath),
    holdsAnywhere: (permission) => set.holdsAnywhere(permission),
    scopeOf: (permission) => set.scopeOf(permission),
    permissions: () => set.allPermissions(),
  };
}

/**
 * The caller's principal, or a 401.
 *
 * @example
 * const me = requirePrincipal(c);
 */
export function requirePrincipal(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

/** The principal with an active tenant, or a 403 that says to choose a school. */
export function requireTenant(c: Context<AppEnv>): Principal & { activeTenantId: string } {
  const principal = requirePrincipal(c);
  if (!principal.activeTenantId) {
    throw new ForbiddenError(
      { zh: '请先选择要进入的学校或单位', en: 'Choose a school or bureau to act in first' },
      undefined,
      'no_active_tenant',
    );
  }
  return principal as Principal & { activeTenantId: string };
}

/**
 * Checks a permission in the active tenant, over an org unit when given (the grant must cover the
 * unit's subtree), and returns the principal. Throws 401/403; the 403 says when MFA is what is
 * missing.
 *
 * @example
 * const me = await requirePermission(c, 'people:write', { orgUnitId });
 */
export async function requirePermission(
  c: Context<AppEnv>,
  permission: string,
  options: { orgUnitId?: string | null } = {},
): Promise<Principal & { activeTenantId: string }> {
  const principal = requireTenant(c);
  let unitPath: string | null = null;
  if (options.orgUnitId) {
    const tenantId = principal.activeTenantId;
    const unitId = options.orgUnitId;
    const unit = await withTenant(c.get('identity').db, tenantId, (trx) =>
      trx
        .selectFrom('org_units')
        .select('path')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', unitId)
        .executeTakeFirst(),
    );
    if (!unit) {
      throw new NotFoundError({
        zh: '组织单元不存在',
        en: `Org unit ${unitId} does not exist in this school`,
      });
    }
    unitPath = unit.path;
  }
  if (principal.can(permission, unitPath)) return principal;
  if (principal.mfaMissing) {
    throw new ForbiddenError(
      {
        zh: '本校要求管理员启用两步验证：请在「账号安全」中绑定验证器并重新登录',
        en: 'This school requires MFA for administrators: enrol an authenticator under Account security and log in again',
      },
      { permission },
      'mfa_required',
    );
  }
  throw new ForbiddenError(
    {
      zh: `您没有此操作的权限（${permission}）。如需开通，请联系学校管理员`,
      en: `You do not have the permission ${permission} here. Ask your school admin to grant it`,
    },
    { permission },
  );
}
