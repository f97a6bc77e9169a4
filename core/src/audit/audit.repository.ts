import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { chainHash, GENESIS_HASH } from './audit.chain.ts';
import type { AuditEntry, AuditResult } from './audit.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditFilter {
  actorPersonId?: string;
  action?: string;
  targetId?: string;
  result?: AuditResult;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
  limit: number;
}

/** Newest first; call inside `withTenant`. `action` matches a prefix ('auth.' finds every login event). */
export function queryAudit(trx: Db, tenantId: string, filter: AuditFilter): Promise<AuditEntry[]> {
  let query = trx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
  if (filter.actorPersonId) query = query.where('actor_person_id', '=', filter.actorPersonId);
  if (filter.action) query = query.where('action', 'like', `${filter.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
  if (filter.result) query = query.where('result', '=', filter.result);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.beforeSeq) query = query.where('seq', '<', filter.beforeSeq);
  return query.orderBy('seq', 'desc').limit(filter.limit).execute();
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The first entry whose hash or link does not match. */
  brokenAt: { seq: number; reason: 'hash' | 'link' | 'gap' } | null;
}

/**
 * Walks the tenant's chain in order and recomputes every hash. The oldest remaining entry is the
 * anchor (retention purges the head of the chain); after it, each entry must link to the one
 * before, with no gap in `seq`.
 */
export async function verifyAuditChain(trx: Db, tenantId: string): Promise<ChainVerification> {
  let prev: { seq: number; hash: string } | null = null;
  let checked = 0;
  let firstSeq: number | null = null;
  const pageSize = 2000;
  for (;;) {
    const rows: AuditEntry[] = await trx
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', prev?.seq ?? 0)
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      firstSeq ??= row.seq;
      if (prev && row.seq !== prev.seq + 1) return fail(row.seq, 'gap');
      if (prev && row.prev_hash !== prev.hash) return fail(row.seq, 'link');
      if (!prev && row.seq === 1 && row.prev_hash !== GENESIS_HASH) return fail(row.seq, 'link');
      const expected = chainHash(row.prev_hash, {
        tenantId: row.tenant_id,
        seq: row.seq,
        at: row.at,
        actorPersonId: row.actor_person_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        result: row.result,
        ip: row.ip,
        userAgent: row.user_agent,
        details: row.details,
      });
      if (expected !== row.hash) return fail(row.seq, 'hash');
      prev = { seq: row.seq, hash: row.hash };
      checked++;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true, checked, firstSeq, lastSeq: prev?.seq ?? null, brokenAt: null };

  function fail(seq: number, reason: 'hash' | 'link' | 'gap'): ChainVerification {
    return { ok: false, checked, firstSeq, lastSeq: prev?.seq ?? null, brokenAt: { seq, reason } };
  }
}

/**
 * Deletes entries older than the retention period, for every tenant. Runs as the owner (the app
 * role cannot delete audit rows). Retention is at least 180 days whatever is asked.
 */
export async function purgeAuditLog(
  owner: Kysely<Database>,
  retentionDays: number,
  now = new Date(),
): Promise<number> {
  const days = Math.max(180, Math.floor(retentionDays));
  const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  const result = await owner.deleteFrom('audit_log').where('at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
