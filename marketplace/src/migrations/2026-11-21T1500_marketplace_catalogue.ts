import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// The marketplace: vendors and their signing keys, apps and their uploaded versions (the signed
// package, the check report, the review outcome), the review log and the review policy. All of it
// is platform-wide catalogue data, so it has no tenant_id.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE market_vendors (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 100),
      contact_email text,
      website text,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE market_vendor_members (
      vendor_id uuid NOT NULL REFERENCES market_vendors(id) ON DELETE CASCADE,
      person_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('owner', 'developer')),
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (vendor_id, person_id)
    )`.execute(db);
  await sql`CREATE INDEX market_vendor_members_person_idx ON market_vendor_members (person_id)`.execute(db);
  await sql`
    CREATE TABLE market_vendor_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      vendor_id uuid NOT NULL REFERENCES market_vendors(id) ON DELETE CASCADE,
      key_id text NOT NULL UNIQUE CHECK (key_id ~ '^[0-9a-f]{16}$'),
      public_key text NOT NULL,
      label text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'revoked')),
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz,
      revoked_at timestamptz,
      revoke_reason text
    )`.execute(db);

  await sql`
    CREATE TABLE market_apps (
      app_id text PRIMARY KEY,
      vendor_id uuid NOT NULL REFERENCES market_vendors(id),
      category text NOT NULL CHECK (category IN ('teaching', 'management', 'evaluation', 'life', 'devices')),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'listed', 'delisted')),
      suspended boolean NOT NULL DEFAULT false,
      suspend_reason text,
      name_zh text NOT NULL,
      name_en text NOT NULL,
      summary text NOT NULL DEFAULT '',
      description_md text NOT NULL DEFAULT '',
      description_html text NOT NULL DEFAULT '',
      screenshots jsonb NOT NULL DEFAULT '[]',
      tags text[] NOT NULL DEFAULT '{}',
      search tsvector NOT NULL DEFAULT ''::tsvector,
      install_count integer NOT NULL DEFAULT 0,
      rating_sum integer NOT NULL DEFAULT 0,
      rating_count integer NOT NULL DEFAULT 0,
      latest_version_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      listed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Chinese search: the tsvector holds character bigrams and unigrams (search/tokens.ts).
  await sql`CREATE INDEX market_apps_search_idx ON market_apps USING gin (search)`.execute(db);
  await sql`CREATE INDEX market_apps_listed_idx ON market_apps (category, listed_at DESC) WHERE status = 'listed'`.execute(
    db,
  );
  await sql`CREATE INDEX market_apps_vendor_idx ON market_apps (vendor_id)`.execute(db);

  await sql`
    CREATE TABLE market_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      app_id text NOT NULL REFERENCES market_apps(app_id),
      version text NOT NULL CHECK (length(version) BETWEEN 5 AND 64),
      manifest jsonb NOT NULL,
      package bytea NOT NULL,
      package_sha256 text NOT NULL CHECK (package_sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes integer NOT NULL,
      key_id text NOT NULL,
      scopes text[] NOT NULL DEFAULT '{}',
      risk text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
      checks jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('failed', 'pending_review', 'approved', 'rejected')),
      suspended boolean NOT NULL DEFAULT false,
      changelog text NOT NULL DEFAULT '',
      runtime_version_id uuid,
      uploaded_by uuid NOT NULL,
      reviewed_by uuid,
      review_comment text,
      reviewed_at timestamptz,
      auto_approved boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (app_id, version)
    )`.execute(db);
  await sql`CREATE INDEX market_versions_queue_idx ON market_versions (created_at) WHERE status = 'pending_review'`.execute(
    db,
  );

  await sql`
    CREATE TABLE market_review_log (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      app_id text NOT NULL,
      version_id uuid,
      actor_person_id uuid,
      action text NOT NULL,
      comment text,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX market_review_log_app_idx ON market_review_log (app_id, at)`.execute(db);
  await sql`COMMENT ON TABLE market_review_log IS 'cb:app-grants=SELECT,INSERT'`.execute(db);

  await sql`
    CREATE TABLE market_policy (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    INSERT INTO market_policy (key, value) VALUES ('auto_approve_updates', 'true')`.execute(db);

  // Usage aggregates for vendors: counts only, per installation and day.
  await sql`
    CREATE TABLE market_usage_daily (
      app_id text NOT NULL,
      installation_id uuid NOT NULL,
      day date NOT NULL,
      active_users integer NOT NULL,
      PRIMARY KEY (app_id, installation_id, day)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'market_usage_daily',
    'market_policy',
    'market_review_log',
    'market_versions',
    'market_apps',
    'market_vendor_keys',
    'market_vendor_members',
    'market_vendors',
  ])
    await sql.raw(`DROP TABLE ${table}`).execute(db);
}
