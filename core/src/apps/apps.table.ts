import type { ColumnType, Generated, Selectable } from 'kysely';

/** An app, known by its reverse-domain id; its releases are app_versions. Platform-wide. */
export interface AppsTable {
  id: string;
  name: ColumnType<{ zh: string; en: string }, string, string>;
  created_at: ColumnType<Date, never, never>;
}

/** One file of a package's digest list. */
export interface PackageFile {
  path: string;
  sha256: string;
  size: number;
}

/** A verified package: manifest, server bundle and UI asset digests. Platform-wide, immutable. */
export interface AppVersionsTable {
  id: Generated<string>;
  app_id: string;
  version: string;
  /** The `campusbase.app.json` the package was verified with. */
  manifest: ColumnType<unknown, string, never>;
  bundle: string | null;
  bundle_digest: string | null;
  package_digest: string;
  files: ColumnType<PackageFile[], string, never>;
  signer: string | null;
  status: ColumnType<'active' | 'suspended', 'active' | 'suspended' | undefined, 'active' | 'suspended'>;
  created_at: ColumnType<Date, never, never>;
}

export interface AppAssetsTable {
  version_id: string;
  path: string;
  content_type: string;
  digest: string;
  content: Uint8Array;
}

export type InstallationStatus = 'enabled' | 'disabled' | 'suspended' | 'uninstalled';

/** An app version installed in one school, with the scopes its admin approved. */
export interface AppInstallationsTable {
  tenant_id: string;
  id: Generated<string>;
  app_id: string;
  version_id: string;
  approved_scopes: ColumnType<string[], string[], string[]>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: ColumnType<InstallationStatus, InstallationStatus | undefined, InstallationStatus>;
  installed_by: string | null;
  installed_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
  uninstalled_at: ColumnType<Date | null, never, Date | null>;
  purged_at: ColumnType<Date | null, never, Date | null>;
}

/** A document of an app's collection: JSONB, validated against the collection schema. */
export interface AppDocumentsTable {
  tenant_id: string;
  installation_id: string;
  app_id: string;
  collection: string;
  id: Generated<string>;
  version: ColumnType<number, number | undefined, number>;
  data: ColumnType<Record<string, unknown>, string, string>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type AppVersionRow = Selectable<AppVersionsTable>;
export type InstallationRow = Selectable<AppInstallationsTable>;
export type DocumentRow = Selectable<AppDocumentsTable>;

export interface AppsTables {
  apps: AppsTable;
  app_versions: AppVersionsTable;
  app_assets: AppAssetsTable;
  app_installations: AppInstallationsTable;
  app_documents: AppDocumentsTable;
}
