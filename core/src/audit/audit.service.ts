import type { Context } from 'hono';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { clientAddress, requestHeader } from '../http/request-headers.ts';
import type { AppEnv } from '../http/types.ts';
import { chainHash, GENESIS_HASH } from './audit.chain.ts';
import type { AuditResult } from './audit.table.ts';

export interface AuditEvent {
  tenantId: string;
  actorPersonId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  result: AuditResult;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends one entry to the tenant's hash chain. A transaction-scoped advisory lock per tenant
 * serialises writers, so each entry links to the one before it. Pass the caller's tenant
 * transaction to record the change and its audit entry atomically.
 *
 * @example
 * await appendAudit(trx, { tenantId, actorPersonId, action: 'org.unit.create', result: 'success' });
 */
export async function appendAudit(
  db: Kysely<Database> | Transaction<Database>,
  event: AuditEvent,
): Promise<void> {
  await withTenant(db, event.tenantId, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`audit:${event.tenantId}`}, 0))`.execute(trx);
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('tenant_id', '=', event.tenantId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const fields = {
      tenantId: event.tenantId,
      seq: (last?.seq ?? 0) + 1,
      // Millisecond precision, so the stored timestamptz round-trips to the hashed value.
      at: new Date(),
      actorPersonId: event.actorPersonId,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      result: event.result,
      ip: event.ip ?? null,
      userAgent: event.userAgent?.slice(0, 400) ?? null,
      details: event.details ?? {},
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    await trx
      .insertInto('audit_log')
      .values({
        tenant_id: fields.tenantId,
        seq: fields.seq,
        at: fields.at,
        actor_person_id: fields.actorPersonId,
        action: fields.action,
        target_type: fields.targetType,
        target_id: fields.targetId,
        result: fields.result,
        ip: fields.ip,
        user_agent: fields.userAgent,
        details: JSON.stringify(fields.details),
        prev_hash: prevHash,
        hash: chainHash(prevHash, fields),
      })
      .execute();
  });
}

/** The request's who/where, for audit entries written from a route. */
export function auditContext(c: Context<AppEnv>): { ip: string; userAgent: string | null } {
  return { ip: clientAddress(c), userAgent: requestHeader(c, 'user-agent') ?? null };
}

let platformTenantId: string | null = null;

/** The platform tenant's id: where events that belong to no school are recorded. */
export async function platformTenant(db: Kysely<Database>): Promise<string | null> {
  if (platformTenantId) return platformTenantId;
  const row = await db.selectFrom('tenants').select('id').where('kind', '=', 'platform').executeTakeFirst();
  platformTenantId = row?.id ?? null;
  return platformTenantId;
}
