import type { MarketplacePorts, RuntimeInstallation } from './ports.ts';

/**
 * Makes the runtime serve exactly the versions that may serve: approved, not suspended, of an app
 * that is not suspended. Everything else (pending review, rejected, suspended) is stopped at once.
 * Returns the live installations that were stopped by this call.
 */
export async function syncServing(ports: MarketplacePorts, appId: string): Promise<RuntimeInstallation[]> {
  const rows = await ports.db.app
    .selectFrom('market_versions as v')
    .innerJoin('market_apps as a', 'a.app_id', 'v.app_id')
    .select(['v.runtime_version_id', 'v.status', 'v.suspended', 'a.suspended as app_suspended'])
    .where('v.app_id', '=', appId)
    .where('v.runtime_version_id', 'is not', null)
    .execute();
  const serve: string[] = [];
  const stop: string[] = [];
  for (const row of rows) {
    const ok = row.status === 'approved' && !row.suspended && !row.app_suspended;
    (ok ? serve : stop).push(row.runtime_version_id!);
  }
  const stopped = stop.length > 0 ? await ports.runtime.setServing(stop, false) : [];
  if (serve.length > 0) await ports.runtime.setServing(serve, true);
  return stopped;
}
