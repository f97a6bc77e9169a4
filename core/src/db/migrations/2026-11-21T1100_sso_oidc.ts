import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// SSO (issue 3): the OpenID Connect provider's storage. Signing keys and the provider's payloads
// (sessions, interactions, codes, tokens, grants) are platform-wide, because the base is one
// issuer for every school; the clients a school registers are school-owned.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Signing keys: the private JWK is sealed (AES-256-GCM) with a key derived from the platform
  // secret. 'next' is published before it signs, 'retired' stays published while its tokens live.
  await sql`
    CREATE TABLE oidc_keys (
      kid text PRIMARY KEY CHECK (kid ~ '^[A-Za-z0-9_-]{8,64}$'),
      alg text NOT NULL CHECK (alg IN ('RS256', 'ES256', 'EdDSA')),
      private_jwk_sealed text NOT NULL,
      public_jwk jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('next', 'current', 'retired')),
      created_at timestamptz NOT NULL DEFAULT now(),
      activated_at timestamptz,
      retired_at timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX oidc_keys_one_current ON oidc_keys (status) WHERE status IN ('current', 'next')`.execute(
    db,
  );

  // oidc-provider's adapter storage, one row per model instance.
  await sql`
    CREATE TABLE oidc_payloads (
      model text NOT NULL CHECK (length(model) <= 64),
      id text NOT NULL CHECK (length(id) <= 256),
      payload jsonb NOT NULL,
      grant_id text,
      user_code text,
      uid text,
      expires_at timestamptz,
      consumed_at timestamptz,
      PRIMARY KEY (model, id)
    )`.execute(db);
  await sql`CREATE INDEX oidc_payloads_grant_idx ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX oidc_payloads_uid_idx ON oidc_payloads (uid) WHERE uid IS NOT NULL`.execute(db);
  await sql`CREATE INDEX oidc_payloads_user_code_idx ON oidc_payloads (user_code) WHERE user_code IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX oidc_payloads_expiry_idx ON oidc_payloads (expires_at)`.execute(db);

  // Relying parties a school registers. The secret is sealed, not hashed, because client_secret
  // authentication compares the plain value; public clients (PKCE only) have none.
  await sql`
    CREATE TABLE oidc_clients (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      client_id text NOT NULL CHECK (client_id ~ '^[A-Za-z0-9_-]{8,64}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      secret_sealed text,
      redirect_uris text[] NOT NULL CHECK (cardinality(redirect_uris) BETWEEN 1 AND 20),
      post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
      scopes text[] NOT NULL DEFAULT '{openid,profile,campus}',
      skip_consent boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      created_by uuid REFERENCES persons(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, client_id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX oidc_clients_client_id_key ON oidc_clients (client_id)`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('oidc_clients')`.execute(db);

  // The provider learns a client's school from its client_id alone (the authorize request names
  // nothing else). This narrow definer function answers that one question across schools, so the
  // app role never needs a cross-school read of the table.
  await sql`
    CREATE FUNCTION cb_oidc_client_tenant(p_client_id text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
      SELECT tenant_id FROM public.oidc_clients WHERE client_id = p_client_id AND status = 'active'
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION cb_oidc_client_tenant(text)`.execute(db);
  await sql`DROP TABLE oidc_clients`.execute(db);
  await sql`DROP TABLE oidc_payloads`.execute(db);
  await sql`DROP TABLE oidc_keys`.execute(db);
}
