import { createHash } from 'node:crypto';
import type { AuditResult } from './audit.table.ts';

/** The first link of every tenant's chain. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  tenantId: string;
  seq: number;
  at: Date;
  actorPersonId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: AuditResult;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted, so the same entry always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** `hash = SHA-256(prev_hash ‖ canonical entry)`: changing, removing or reordering a row breaks the chain. */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  const body = canonicalJson({
    tenantId: fields.tenantId,
    seq: fields.seq,
    at: fields.at.toISOString(),
    actor: fields.actorPersonId,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId,
    result: fields.result,
    ip: fields.ip,
    userAgent: fields.userAgent,
    details: fields.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
