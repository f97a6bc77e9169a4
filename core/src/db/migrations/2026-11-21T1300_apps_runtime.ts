import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// The app runtime: app versions (packages with manifest, bundle and UI assets), installations
// (app version × school) and the apps' own documents. Declared collection indexes are not here:
// they are created per app and collection when a version is registered (core/src/apps/data/indexes.ts).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE apps (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?([.][a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
      name jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE app_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      app_id text NOT NULL REFERENCES apps(id),
      version text NOT NULL CHECK (length(version) BETWEEN 5 AND 64),
      manifest jsonb NOT NULL,
      bundle text,
      bundle_digest text CHECK (bundle_digest ~ '^[0-9a-f]{64}$'),
      package_digest text NOT NULL CHECK (package_digest ~ '^[0-9a-f]{64}$'),
      files jsonb NOT NULL,
      signer text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (app_id, version),
      CHECK ((bundle IS NULL) = (bundle_digest IS NULL))
    )`.execute(db);

  await sql`
    CREATE TABLE app_assets (
      version_id uuid NOT NULL REFERENCES app_versions(id) ON DELETE CASCADE,
      path text NOT NULL CHECK (length(path) BETWEEN 1 AND 300 AND path ~ '^[A-Za-z0-9._/-]+$' AND path !~ '(^|/)[.]{1,2}(/|$)'),
      content_type text NOT NULL,
      digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
      content bytea NOT NULL,
      PRIMARY KEY (version_id, path)
    )`.execute(db);

  await sql`
    CREATE TABLE app_installations (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      app_id text NOT NULL REFERENCES apps(id),
      version_id uuid NOT NULL REFERENCES app_versions(id),
      approved_scopes text[] NOT NULL DEFAULT '{}',
      settings jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'enabled'
        CHECK (status IN ('enabled', 'disabled', 'suspended', 'uninstalled')),
      installed_by uuid,
      installed_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      uninstalled_at timestamptz,
      purged_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      CHECK ((status = 'uninstalled') = (uninstalled_at IS NOT NULL))
    )`.execute(db);
  // One live installation of an app per school; uninstalled ones stay for their grace period.
  await sql`
    CREATE UNIQUE INDEX app_installations_live_idx ON app_installations (tenant_id, app_id)
    WHERE status <> 'uninstalled'`.execute(db);
  // The app UI origin and the scheduler look installations up by id alone (no session there).
  await sql`CREATE INDEX app_installations_id_idx ON app_installations (id)`.execute(db);
  await sql`
    CREATE INDEX app_installations_purge_idx ON app_installations (uninstalled_at)
    WHERE status = 'uninstalled' AND purged_at IS NULL`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('app_installations')`.execute(db);

  await sql`
    CREATE TABLE app_documents (
      tenant_id uuid NOT NULL,
      installation_id uuid NOT NULL,
      app_id text NOT NULL,
      collection text NOT NULL CHECK (collection ~ '^[a-z][a-z0-9_]{0,62}$'),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      version integer NOT NULL DEFAULT 1,
      data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, installation_id, collection, id),
      FOREIGN KEY (tenant_id, installation_id) REFERENCES app_installations (tenant_id, id)
    )`.execute(db);
  await sql`
    CREATE INDEX app_documents_created_idx
    ON app_documents (tenant_id, installation_id, collection, created_at, id)`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('app_documents')`.execute(db);

  // Typed views of a top-level JSON value, for filters, sorting and declared expression indexes.
  // They return NULL for a value of another JSON type, so "5" never compares with 5.
  await sql`
    CREATE FUNCTION cb_doc_num(value jsonb) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT CASE WHEN jsonb_typeof(value) = 'number' THEN value::numeric END $$`.execute(db);
  await sql`
    CREATE FUNCTION cb_doc_bool(value jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT CASE WHEN jsonb_typeof(value) = 'boolean' THEN value::boolean END $$`.execute(db);
  await sql`
    CREATE FUNCTION cb_doc_text(value jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT CASE WHEN jsonb_typeof(value) = 'string' THEN value #>> '{}' END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE app_documents`.execute(db);
  await sql`DROP TABLE app_installations`.execute(db);
  await sql`DROP TABLE app_assets`.execute(db);
  await sql`DROP TABLE app_versions`.execute(db);
  await sql`DROP TABLE apps`.execute(db);
  await sql`DROP FUNCTION cb_doc_num(jsonb)`.execute(db);
  await sql`DROP FUNCTION cb_doc_bool(jsonb)`.execute(db);
  await sql`DROP FUNCTION cb_doc_text(jsonb)`.execute(db);
}
