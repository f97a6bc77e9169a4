import { ForbiddenError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { SERVER_BUNDLE_FILE } from '@campusbase/plugin-sdk/package';
import type { MarketplacePorts } from '../ports.ts';
import { verifyWithVendorKeys } from '../publish/publish.service.ts';

/**
 * Before any installation, upgrade or rollback: the stored package is verified again with the
 * vendor's keys (a revoked key fails here), and the digests the runtime holds are compared with
 * the signed digest list, so a bundle altered in the database after approval is refused.
 */
export async function verifyBeforeInstall(ports: MarketplacePorts, marketVersionId: string): Promise<void> {
  const row = await ports.db.app
    .selectFrom('market_versions as v')
    .innerJoin('market_apps as a', 'a.app_id', 'v.app_id')
    .select(['v.package', 'v.runtime_version_id', 'a.vendor_id', 'v.app_id', 'v.version'])
    .where('v.id', '=', marketVersionId)
    .executeTakeFirst();
  if (!row?.runtime_version_id)
    throw new NotFoundError({ zh: '没有可安装的版本', en: 'No installable version' });
  const verified = await verifyWithVendorKeys(ports, row.vendor_id, row.package, false);
  const stored = await ports.runtime.storedDigests(row.runtime_version_id);
  const signed = verified.digests.files;
  const mismatched: string[] = [];
  if (!stored || (stored.bundle ?? null) !== (signed[SERVER_BUNDLE_FILE] ?? null))
    mismatched.push(SERVER_BUNDLE_FILE);
  for (const [path, digest] of Object.entries(stored?.files ?? {}))
    if (signed[path] !== digest) mismatched.push(path);
  if (mismatched.length > 0) {
    await ports.audit.record({
      tenantId: null,
      actorPersonId: null,
      action: 'marketplace.package.tampered',
      targetType: 'market_version',
      targetId: marketVersionId,
      result: 'failure',
      details: { appId: row.app_id, version: row.version, files: mismatched },
    });
    throw new ForbiddenError(
      {
        zh: `应用 ${row.app_id} ${row.version} 的文件与开发商签名不一致（${mismatched.join('、')}），已拒绝安装；请联系平台`,
        en: `${row.app_id} ${row.version} does not match its signed digests (${mismatched.join(', ')}); installation refused`,
      },
      { files: mismatched },
      'package_tampered',
    );
  }
}
