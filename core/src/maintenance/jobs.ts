import { purgeAuditLog } from '../audit/audit.repository.ts';
import { purgeExpiredSessions } from '../auth/sessions.repository.ts';
import { purgeSmsCodes, purgeThrottle } from '../auth/throttle.ts';
import type { MaintenanceJob } from './scheduler.ts';

export interface MaintenanceSettings {
  /** AUDIT_RETENTION_DAYS; purgeAuditLog never keeps less than 180 days whatever is asked. */
  auditRetentionDays: number;
}

/**
 * The platform's housekeeping: audit entries past retention (nightly), expired sessions, stale
 * lockout counters and used or expired SMS codes. Each deletes only what can no longer matter.
 */
export function platformMaintenanceJobs(settings: MaintenanceSettings): MaintenanceJob[] {
  return [
    {
      name: 'audit-retention',
      schedule: '30 3 * * *',
      run: async (trx) => ({ deleted: await purgeAuditLog(trx, settings.auditRetentionDays) }),
    },
    {
      name: 'expired-sessions',
      schedule: '*/15 * * * *',
      run: async (trx) => ({ deleted: await purgeExpiredSessions(trx) }),
    },
    {
      name: 'auth-throttle',
      schedule: '7 * * * *',
      run: async (trx) => ({ deleted: await purgeThrottle(trx) }),
    },
    {
      name: 'sms-codes',
      schedule: '17 * * * *',
      run: async (trx) => ({ deleted: await purgeSmsCodes(trx) }),
    },
  ];
}
