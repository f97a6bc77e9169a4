import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// Bureau picks reach schools by ancestry, not by copies. A school reads the active picks of the
// bureaus above it (a SELECT policy that compares the pick's bureau with the school's own path), so
// a school created or moved under a bureau later sees them at once and nothing has to be copied.
// The per-school copies (`market_school_picks`) are dropped. A bureau withdraws a pick instead of
// piling up duplicates: at most one active pick per bureau and app.
// Every installation's consent is recorded with it: who consented (the school's admin, or a bureau
// for its deployment, naming the pick) and a SHA-256 of the exact scopes agreed to.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE market_bureau_picks
      ADD COLUMN withdrawn_at timestamptz,
      ADD COLUMN withdrawn_by uuid`.execute(db);
  // Older duplicates (the same bureau picking the same app again) become withdrawn history.
  await sql`
    UPDATE market_bureau_picks p SET withdrawn_at = now()
    WHERE EXISTS (
      SELECT 1 FROM market_bureau_picks q
      WHERE q.tenant_id = p.tenant_id AND q.app_id = p.app_id
        AND (q.created_at, q.id) > (p.created_at, p.id))`.execute(db);
  await sql`
    CREATE UNIQUE INDEX market_bureau_picks_active_idx ON market_bureau_picks (tenant_id, app_id)
    WHERE withdrawn_at IS NULL`.execute(db);
  await sql`
    CREATE INDEX market_bureau_picks_deploy_idx ON market_bureau_picks (mode)
    WHERE withdrawn_at IS NULL AND mode = 'deploy'`.execute(db);
  // A school (or a lower bureau) reads the active picks of every tenant on its path: read-only,
  // and only while its own scope is set, so with no tenant set it still sees nothing.
  await sql`
    CREATE POLICY market_bureau_picks_below ON market_bureau_picks FOR SELECT USING (
      withdrawn_at IS NULL AND EXISTS (
        SELECT 1 FROM tenants s
        WHERE s.id = nullif(current_setting('app.tenant_id', true), '')::uuid
          AND s.status = 'active'
          AND s.id <> market_bureau_picks.tenant_id
          AND s.path LIKE '%/' || market_bureau_picks.tenant_id::text || '/%'))`.execute(db);

  await sql`DROP TABLE market_school_picks`.execute(db);

  await sql`
    ALTER TABLE market_install_history
      ADD COLUMN consent_by text NOT NULL DEFAULT 'school' CHECK (consent_by IN ('school', 'bureau')),
      ADD COLUMN bureau_pick_id uuid,
      ADD COLUMN scopes_sha256 text`.execute(db);
  await sql`
    ALTER TABLE market_install_history
      ADD CONSTRAINT market_install_history_bureau_pick
      CHECK ((consent_by = 'bureau') = (bureau_pick_id IS NOT NULL))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE market_install_history DROP CONSTRAINT market_install_history_bureau_pick`.execute(
    db,
  );
  await sql`
    ALTER TABLE market_install_history
      DROP COLUMN scopes_sha256, DROP COLUMN bureau_pick_id, DROP COLUMN consent_by`.execute(db);
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
  await sql`DROP POLICY market_bureau_picks_below ON market_bureau_picks`.execute(db);
  await sql`DROP INDEX market_bureau_picks_deploy_idx`.execute(db);
  await sql`DROP INDEX market_bureau_picks_active_idx`.execute(db);
  await sql`ALTER TABLE market_bureau_picks DROP COLUMN withdrawn_by, DROP COLUMN withdrawn_at`.execute(db);
}
