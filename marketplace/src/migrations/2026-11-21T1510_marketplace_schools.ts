import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// What schools and bureaus own in the marketplace, behind forced row-level security: ratings and
// reviews (written by people of a school that installed the app), a bureau's recommendations and
// pushes, the copies each school below receives, each installation's version history (for
// rollback), and the day's raw usage marks (keyed hashes, rolled up into counts).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE market_ratings (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      app_id text NOT NULL,
      person_id uuid NOT NULL,
      author_label text NOT NULL,
      school_name text NOT NULL,
      rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
      body text NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, app_id, person_id)
    )`.execute(db);
  await sql`CREATE INDEX market_ratings_app_idx ON market_ratings (tenant_id, app_id, created_at)`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('market_ratings')`.execute(db);
  // Published reviews are public on the app's detail page: every school may read them (not write).
  // They carry a masked author label and the school name, never a person's contact data.
  await sql`CREATE POLICY market_ratings_public_read ON market_ratings FOR SELECT USING (true)`.execute(db);
  await sql`CREATE INDEX market_ratings_public_idx ON market_ratings (app_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE market_bureau_picks (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      app_id text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('recommend', 'deploy')),
      mandatory boolean NOT NULL DEFAULT false,
      approved_scopes text[] NOT NULL DEFAULT '{}',
      note text,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('market_bureau_picks')`.execute(db);

  await sql`
    CREATE TABLE market_school_picks (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      app_id text NOT NULL,
      bureau_id uuid NOT NULL,
      bureau_name text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('recommend', 'deploy')),
      mandatory boolean NOT NULL DEFAULT false,
      note text,
      installation_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, app_id, bureau_id)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('market_school_picks')`.execute(db);

  await sql`
    CREATE TABLE market_install_history (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      installation_id uuid NOT NULL,
      app_id text NOT NULL,
      market_version_id uuid NOT NULL,
      action text NOT NULL CHECK (action IN ('install', 'upgrade', 'rollback')),
      approved_scopes text[] NOT NULL DEFAULT '{}',
      actor_person_id uuid,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (tenant_id, id)
    )`.execute(db);
  await sql`CREATE INDEX market_install_history_idx ON market_install_history (tenant_id, installation_id, at)`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('market_install_history')`.execute(db);
  await sql`COMMENT ON TABLE market_install_history IS 'cb:app-grants=SELECT,INSERT'`.execute(db);

  await sql`
    CREATE TABLE market_usage_seen (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      installation_id uuid NOT NULL,
      app_id text NOT NULL,
      day date NOT NULL,
      visitor text NOT NULL,
      PRIMARY KEY (tenant_id, installation_id, day, visitor)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('market_usage_seen')`.execute(db);
  await sql`COMMENT ON TABLE market_usage_seen IS 'cb:app-grants=SELECT,INSERT'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'market_usage_seen',
    'market_install_history',
    'market_school_picks',
    'market_bureau_picks',
    'market_ratings',
  ])
    await sql.raw(`DROP TABLE ${table}`).execute(db);
}
