import type { Kysely } from 'kysely';
import { purgeUninstalled } from '../apps/installations.repository.ts';
import { purgeAuditLog } from '../audit/audit.repository.ts';
import { purgeExpiredSessions } from '../auth/sessions.repository.ts';
import { purgeSmsCodes, purgeThrottle } from '../auth/throttle.ts';
import type { Database } from '../db/database.ts';
import type { MaintenanceJob } from './scheduler.ts';

export interface MaintenanceSettings {
  /** AUDIT_RETENTION_DAYS; purgeAuditLog never keeps less than 180 days whatever is asked. */
  auditRetentionDays: number;
  /**
   * The owner pool. When given, the data of apps uninstalled more than 30 days ago is purged daily
   * (`purgeUninstalled` opens one transaction per installation, so it needs the pool, not the job's
   * transaction; the job's advisory lock is held while it runs).
   */
  owner?: Kysely<Database>;
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
    ...(settings.owner ? [uninstalledAppsJob(settings.owner)] : []),
  ];
}

/** The end of the uninstall grace period (docs/app-runtime.md): documents deleted, installation marked purged. */
function uninstalledAppsJob(owner: Kysely<Database>): MaintenanceJob {
  return {
    name: 'apps-uninstalled-purge',
    schedule: '45 3 * * *',
    run: async () => {
      const purged = await purgeUninstalled(owner, 30);
      return { installations: purged.installations.length, documents: purged.documents };
    },
  };
}
