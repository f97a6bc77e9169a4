import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pgcrypto`.execute(db);

  // Puts a school-owned table behind row-level security. Every module's migrations call it.
  // FORCE applies the policy to the table owner too; with no tenant set, nullif() yields NULL and
  // the comparison is never true, so the app role fails closed. The migrating role (the owner,
  // which also runs platform-wide workers) gets its own permissive policy.
  await sql`
    CREATE FUNCTION cb_enable_tenant_rls(tbl regclass) RETURNS void LANGUAGE plpgsql AS $fn$
    BEGIN
      EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
      EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
        'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', tbl);
      EXECUTE format('CREATE POLICY owner_all ON %s TO %I USING (true) WITH CHECK (true)', tbl, current_user);
    END
    $fn$`.execute(db);

  await sql`
    CREATE TABLE tenants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      parent_id uuid REFERENCES tenants(id),
      kind text NOT NULL CHECK (kind IN ('platform', 'province', 'city', 'county', 'school')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Za-z-]{1,32}$'),
      path text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'platform') = (parent_id IS NULL)),
      CHECK (kind <> 'school' OR code ~ '^[0-9]{10}$')
    )`.execute(db);
  await sql`CREATE INDEX tenants_path_idx ON tenants (path text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX tenants_parent_idx ON tenants (parent_id)`.execute(db);

  // Per-school settings (branding, policies): the first school-owned table.
  await sql`
    CREATE TABLE tenant_settings (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_.-]{0,63}$'),
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('tenant_settings')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE tenant_settings`.execute(db);
  await sql`DROP TABLE tenants`.execute(db);
  await sql`DROP FUNCTION cb_enable_tenant_rls(regclass)`.execute(db);
}
