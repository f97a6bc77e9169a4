import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { InstallationStatus } from './apps.table.ts';
import type { InstallationBinding } from './binding.ts';
import type { RuntimeManifest } from './manifest.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The installation with its version and school, as the host binds it. Runs inside withTenant. */
export async function loadBinding(
  trx: Db,
  tenantId: string,
  installationId: string,
): Promise<InstallationBinding | null> {
  const row = await trx
    .selectFrom('app_installations as i')
    .innerJoin('app_versions as v', 'v.id', 'i.version_id')
    .innerJoin('tenants as t', 't.id', 'i.tenant_id')
    .select([
      'i.tenant_id',
      'i.id',
      'i.app_id',
      'i.version_id',
      'i.approved_scopes',
      'i.settings',
      'i.status',
      'v.version',
      'v.manifest',
      'v.bundle_digest',
      'v.status as version_status',
      't.name as school_name',
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.id', '=', installationId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    schoolName: row.school_name,
    installationId: row.id,
    appId: row.app_id,
    versionId: row.version_id,
    version: row.version,
    bundleDigest: row.bundle_digest,
    manifest: row.manifest as RuntimeManifest,
    approvedScopes: row.approved_scopes,
    settings: row.settings,
    // A suspended version stops every installation of it at once.
    status: row.version_status === 'suspended' && row.status === 'enabled' ? 'suspended' : row.status,
  };
}

/** The tenant of an installation, looked up without a session (UI origin, scheduler). Owner pool. */
export async function tenantOfInstallation(
  owner: Kysely<Database>,
  installationId: string,
): Promise<string | null> {
  const row = await owner
    .selectFrom('app_installations')
    .select('tenant_id')
    .where('id', '=', installationId)
    .executeTakeFirst();
  return row?.tenant_id ?? null;
}

export interface InstallationSummary {
  id: string;
  appId: string;
  version: string;
  name: { zh: string; en: string };
  status: InstallationStatus;
  approvedScopes: string[];
  settings: Record<string, unknown>;
  installedAt: string;
  uninstalledAt: string | null;
}

export async function listInstallations(trx: Db, tenantId: string): Promise<InstallationSummary[]> {
  const rows = await trx
    .selectFrom('app_installations as i')
    .innerJoin('app_versions as v', 'v.id', 'i.version_id')
    .innerJoin('apps as a', 'a.id', 'i.app_id')
    .select([
      'i.id',
      'i.app_id',
      'v.version',
      'a.name',
      'i.status',
      'i.approved_scopes',
      'i.settings',
      'i.installed_at',
      'i.uninstalled_at',
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.purged_at', 'is', null)
    .orderBy('i.installed_at', 'asc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    appId: row.app_id,
    version: row.version,
    name: row.name,
    status: row.status,
    approvedScopes: row.approved_scopes,
    settings: row.settings,
    installedAt: row.installed_at.toISOString(),
    uninstalledAt: row.uninstalled_at?.toISOString() ?? null,
  }));
}

export async function insertInstallation(
  trx: Db,
  values: {
    tenantId: string;
    appId: string;
    versionId: string;
    approvedScopes: string[];
    settings: Record<string, unknown>;
    installedBy: string | null;
  },
): Promise<string> {
  const row = await trx
    .insertInto('app_installations')
    .values({
      tenant_id: values.tenantId,
      app_id: values.appId,
      version_id: values.versionId,
      approved_scopes: values.approvedScopes,
      settings: JSON.stringify(values.settings),
      installed_by: values.installedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateInstallation(
  trx: Db,
  tenantId: string,
  installationId: string,
  change: { status?: InstallationStatus; settings?: Record<string, unknown>; uninstalled?: boolean },
): Promise<void> {
  await trx
    .updateTable('app_installations')
    .set({
      updated_at: new Date(),
      ...(change.status ? { status: change.status } : {}),
      ...(change.settings ? { settings: JSON.stringify(change.settings) } : {}),
      ...(change.uninstalled ? { uninstalled_at: new Date() } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', installationId)
    .execute();
}

/** Every document of an installation, by collection: the export offered during the grace period. */
export async function exportDocuments(trx: Db, tenantId: string, installationId: string) {
  const rows = await trx
    .selectFrom('app_documents')
    .select(['collection', 'id', 'version', 'created_at', 'updated_at', 'data'])
    .where('tenant_id', '=', tenantId)
    .where('installation_id', '=', installationId)
    .orderBy('collection')
    .orderBy('created_at')
    .execute();
  const collections: Record<string, unknown[]> = {};
  for (const row of rows) {
    const list = collections[row.collection] ?? [];
    collections[row.collection] = list;
    list.push({
      id: row.id,
      version: row.version,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      data: row.data,
    });
  }
  return collections;
}

/**
 * Deletes the documents of installations uninstalled more than `graceDays` ago and marks them
 * purged. Platform-wide, so it runs on the owner pool; the scheduler calls it daily.
 */
export async function purgeUninstalled(owner: Kysely<Database>, graceDays = 30, now = new Date()) {
  const cutoff = new Date(now.getTime() - graceDays * 86_400_000);
  const due = await owner
    .selectFrom('app_installations')
    .select(['tenant_id', 'id'])
    .where('status', '=', 'uninstalled')
    .where('purged_at', 'is', null)
    .where('uninstalled_at', '<', cutoff)
    .execute();
  let documents = 0;
  for (const installation of due) {
    await owner.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('app_documents')
        .where('tenant_id', '=', installation.tenant_id)
        .where('installation_id', '=', installation.id)
        .executeTakeFirst();
      documents += Number(result.numDeletedRows);
      await trx
        .updateTable('app_installations')
        .set({ purged_at: sql<Date>`now()`, settings: '{}' })
        .where('tenant_id', '=', installation.tenant_id)
        .where('id', '=', installation.id)
        .execute();
    });
  }
  return { installations: due.map((i) => ({ tenantId: i.tenant_id, id: i.id })), documents };
}
