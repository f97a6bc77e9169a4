import type { ColumnType, Selectable } from 'kysely';

export type AuditResult = 'success' | 'failure' | 'denied';

/** Append-only; one hash chain per tenant (`hash = SHA-256(prev_hash ‖ canonical entry)`). */
export interface AuditLogTable {
  tenant_id: string;
  seq: number;
  at: Date;
  actor_person_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  result: AuditResult;
  ip: string | null;
  user_agent: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  prev_hash: string;
  hash: string;
}

export type AuditEntry = Selectable<AuditLogTable>;

export interface AuditTables {
  audit_log: AuditLogTable;
}
