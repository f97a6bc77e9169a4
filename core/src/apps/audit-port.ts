import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { AppAuditPort } from './ports.ts';

/**
 * The runtime's audit port on the platform audit log: each entry joins the school's hash chain.
 * A failed write is logged and never fails the app call that caused it.
 */
export function auditLogPort(db: Kysely<Database>, logger: Logger): AppAuditPort {
  return {
    async record(entry) {
      await appendAudit(db, {
        tenantId: entry.tenantId,
        actorPersonId: entry.actorPersonId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        result: entry.result,
        details: entry.details,
      }).catch((error) => logger.error({ err: error, action: entry.action }, 'app audit entry failed'));
    },
  };
}
