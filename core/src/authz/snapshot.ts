import type { Kysely } from 'kysely';
import { readSecurityPolicy } from '../auth/policy.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { TenantKind } from '../tenancy/tenancy.table.ts';
import type { EffectiveGrant } from './grants.ts';
import { builtInRole } from './permissions.ts';

/** What a person may do in one tenant, resolved from memberships, grants and custom roles. */
export interface AuthzSnapshot {
  tenantId: string;
  tenantKind: TenantKind;
  tenantName: string;
  tenantPath: string;
  grants: EffectiveGrant[];
  requireMfaForAdmins: boolean;
}

/**
 * Resolves a person's grants in a tenant: each active membership confers its built-in role over
 * the membership's org unit, and each active role grant its role over its subtree. Returns null
 * when the person holds nothing there (they may not act in that tenant).
 */
export async function loadAuthzSnapshot(
  db: Kysely<Database>,
  personId: string,
  tenantId: string,
): Promise<AuthzSnapshot | null> {
  return withTenant(db, tenantId, async (trx) => {
    const tenant = await trx
      .selectFrom('tenants')
      .select(['kind', 'name', 'path', 'status'])
      .where('id', '=', tenantId)
      .executeTakeFirst();
    if (tenant?.status !== 'active') return null;
    const [memberships, grants] = await Promise.all([
      trx
        .selectFrom('memberships')
        .select(['role', 'org_unit_id'])
        .where('tenant_id', '=', tenantId)
        .where('person_id', '=', personId)
        .where('status', '=', 'active')
        .execute(),
      trx
        .selectFrom('role_grants')
        .select(['role_key', 'org_unit_id'])
        .where('tenant_id', '=', tenantId)
        .where('person_id', '=', personId)
        .where('revoked_at', 'is', null)
        .execute(),
    ]);
    const held = [
      ...memberships.map((m) => ({ role: m.role as string, orgUnitId: m.org_unit_id })),
      ...grants.map((g) => ({ role: g.role_key, orgUnitId: g.org_unit_id })),
    ];
    if (held.length === 0) return null;
    const customKeys = [...new Set(held.map((h) => h.role).filter((r) => r.startsWith('custom:')))];
    const custom = new Map<string, string[]>();
    if (customKeys.length > 0) {
      const rows = await trx
        .selectFrom('custom_roles')
        .select(['key', 'permissions'])
        .where('tenant_id', '=', tenantId)
        .where('key', 'in', customKeys)
        .where('archived_at', 'is', null)
        .execute();
      for (const row of rows) custom.set(row.key, row.permissions);
    }
    const effective: EffectiveGrant[] = [];
    for (const h of held) {
      const permissions = h.role.startsWith('custom:')
        ? custom.get(h.role)
        : builtInRole(h.role)?.tenantKinds.includes(tenant.kind)
          ? builtInRole(h.role)?.permissions
          : undefined;
      effective.push({ role: h.role, orgUnitId: h.orgUnitId, permissions: new Set(permissions ?? []) });
    }
    const policy = await readSecurityPolicy(trx, tenantId);
    return {
      tenantId,
      tenantKind: tenant.kind,
      tenantName: tenant.name,
      tenantPath: tenant.path,
      grants: effective,
      requireMfaForAdmins: policy.requireMfaForAdmins,
    };
  });
}

interface CacheEntry {
  value: AuthzSnapshot | null;
  at: number;
}

/**
 * A per-node cache of snapshots keyed by (person, tenant, authz_version). Every request reads the
 * person's current authz_version with the session, and every change of memberships, grants or
 * custom roles bumps it, so a revoked grant takes effect on the next request on every node. The
 * TTL bounds how long a tenant policy change (MFA for admins) takes to apply.
 */
export class AuthzCache {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>, options: { ttlMs?: number; max?: number } = {}) {
    this.#db = db;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#max = options.max ?? 20_000;
  }

  /** The cached snapshot, or undefined when it must be loaded (`get`). */
  peek(personId: string, tenantId: string, version: number): AuthzSnapshot | null | undefined {
    const hit = this.#entries.get(`${personId}|${tenantId}|${version}`);
    return hit && Date.now() - hit.at < this.#ttlMs ? hit.value : undefined;
  }

  async get(personId: string, tenantId: string, version: number): Promise<AuthzSnapshot | null> {
    const key = `${personId}|${tenantId}|${version}`;
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < this.#ttlMs) return hit.value;
    const value = await loadAuthzSnapshot(this.#db, personId, tenantId);
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.delete(key);
    this.#entries.set(key, { value, at: now });
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
