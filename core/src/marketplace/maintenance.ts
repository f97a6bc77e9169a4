import { type MarketplaceTables, rollupUsage } from '@campusbase/marketplace';
import { sql, type Transaction } from 'kysely';
import type { MaintenanceJob } from '../maintenance/scheduler.ts';
import { SMOKE_SCHOOL } from './runtime.adapter.ts';

/**
 * The marketplace's housekeeping: usage marks rolled up into daily counts (and the day's marks of
 * finished days deleted), and each app's install count refreshed from the runtime's installations.
 */
export function marketplaceMaintenanceJobs(): MaintenanceJob[] {
  return [
    {
      name: 'marketplace-usage',
      schedule: '*/10 * * * *',
      run: async (trx) => {
        const usage = await rollupUsage(trx as unknown as Transaction<MarketplaceTables>);
        const counted = await sql`
          UPDATE market_apps a SET install_count = coalesce(c.n, 0)
          FROM (SELECT m.app_id, count(i.id) FILTER (WHERE i.status <> 'uninstalled' AND t.code <> ${SMOKE_SCHOOL.code}) AS n
                FROM market_apps m
                LEFT JOIN app_installations i ON i.app_id = m.app_id
                LEFT JOIN tenants t ON t.id = i.tenant_id
                GROUP BY m.app_id) c
          WHERE a.app_id = c.app_id AND a.install_count IS DISTINCT FROM coalesce(c.n, 0)`.execute(trx);
        return { ...usage, apps: Number(counted.numAffectedRows ?? 0) };
      },
    },
  ];
}
