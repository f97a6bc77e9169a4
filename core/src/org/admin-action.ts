import { ForbiddenError } from '@campusbase/plugin-sdk/errors';
import type { Context } from 'hono';
import type { Transaction } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import { type Principal, requireTenant } from '../auth/principal.ts';
import { clientIp } from '../auth/session.service.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';

export interface AuditedChange<T> {
  value: T;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/**
 * Runs an admin change in the active tenant's scope and writes its audit entry in the same
 * transaction, so a change without its record (or the reverse) cannot happen. A permission refused
 * inside `work` is audited as `denied` before it reaches the caller.
 *
 * @example
 * const unit = await auditedChange(c, 'org.unit.create', async (trx, me) => ({ value, targetType: 'org_unit', targetId }));
 */
export async function auditedChange<T>(
  c: Context<AppEnv>,
  action: string,
  work: (trx: Transaction<Database>, me: Principal & { activeTenantId: string }) => Promise<AuditedChange<T>>,
): Promise<T> {
  const me = requireTenant(c);
  const db = c.get('identity').db;
  const base = {
    tenantId: me.activeTenantId,
    actorPersonId: me.personId,
    action,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
  };
  try {
    const value = await withTenant(db, me.activeTenantId, async (trx) => {
      const change = await work(trx, me);
      await appendAudit(trx, {
        ...base,
        targetType: change.targetType,
        targetId: change.targetId,
        result: 'success',
        details: change.details ?? {},
      });
      return change.value;
    });
    // Sessions or grants it changed are evicted on every node before the admin sees the result.
    await c.get('identity').settle();
    return value;
  } catch (error) {
    if (error instanceof ForbiddenError) {
      await appendAudit(db, {
        ...base,
        result: 'denied',
        details: { reason: error.code, ...(error.details ?? {}) },
      });
    }
    throw error;
  }
}

/** Throws 403 unless the principal holds the permission over the unit (tenant-wide when null). */
export function assertCan(me: Principal, permission: string, unitPath: string | null): void {
  if (me.can(permission, unitPath)) return;
  throw new ForbiddenError(
    me.mfaMissing
      ? { zh: '本校要求管理员启用两步验证', en: 'This school requires MFA for administrators' }
      : {
          zh: `您没有此操作的权限（${permission}）。如需开通，请联系学校管理员`,
          en: `You do not have the permission ${permission} here. Ask your school admin to grant it`,
        },
    { permission },
    me.mfaMissing ? 'mfa_required' : 'forbidden',
  );
}
