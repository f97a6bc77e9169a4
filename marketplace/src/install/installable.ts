import { NotFoundError } from '@campusbase/plugin-sdk/errors';
import semver from 'semver';
import type { MarketplacePorts } from '../ports.ts';

export interface InstallableVersion {
  id: string;
  version: string;
  scopes: string[];
  manifest: Record<string, unknown>;
  runtime_version_id: string | null;
}

/** The newest approved, unsuspended version of a listed, unsuspended app (404 when there is none). */
export async function installableVersion(
  ports: Pick<MarketplacePorts, 'db'>,
  appId: string,
): Promise<InstallableVersion> {
  const rows = await ports.db.app
    .selectFrom('market_versions as v')
    .innerJoin('market_apps as a', 'a.app_id', 'v.app_id')
    .select([
      'v.id',
      'v.version',
      'v.scopes',
      'v.manifest',
      'v.runtime_version_id',
      'a.status as app_status',
      'a.suspended as app_suspended',
    ])
    .where('v.app_id', '=', appId)
    .where('v.status', '=', 'approved')
    .where('v.suspended', '=', false)
    .execute();
  const latest = rows
    .filter((r) => r.app_status === 'listed' && !r.app_suspended)
    .sort((a, b) => semver.rcompare(a.version, b.version))[0];
  if (!latest)
    throw new NotFoundError(
      { zh: `应用 ${appId} 当前没有可安装的版本`, en: `${appId} has no installable version now` },
      undefined,
      'app_not_installable',
    );
  return {
    id: latest.id,
    version: latest.version,
    scopes: latest.scopes,
    manifest: latest.manifest,
    runtime_version_id: latest.runtime_version_id,
  };
}
