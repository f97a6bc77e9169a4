import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// Identity (issue 3): sessions, throttling counters, SMS codes, TOTP, recovery codes, and the
// append-only audit log with a per-tenant hash chain.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Lucia's reference design: the token is `<id>.<secret>`; only SHA-256(secret) is stored.
  // Sessions are global (a person's session spans schools); active_tenant_id is the school the
  // person is acting in, not an owner of the row.
  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]{16,64}$'),
      secret_hash bytea NOT NULL,
      person_id uuid NOT NULL REFERENCES persons(id),
      active_tenant_id uuid REFERENCES tenants(id),
      mfa_pending boolean NOT NULL DEFAULT false,
      mfa_verified_at timestamptz,
      ip text,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      idle_expires_at timestamptz NOT NULL,
      absolute_expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX sessions_person_idx ON sessions (person_id)`.execute(db);
  await sql`CREATE INDEX sessions_expiry_idx ON sessions (idle_expires_at)`.execute(db);

  // Failure counters for lockout and throttling, keyed by what is counted:
  // 'login:account:<personId>', 'login:ip:<ip>', 'sms:phone:<phone>', 'sms:ip:<ip>', …
  await sql`
    CREATE TABLE auth_throttle (
      key text PRIMARY KEY CHECK (length(key) <= 200),
      count integer NOT NULL DEFAULT 0,
      window_started_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // SMS login codes: 6 digits, keyed HMAC only, single use, at most 5 minutes.
  await sql`
    CREATE TABLE sms_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      phone text NOT NULL,
      purpose text NOT NULL DEFAULT 'login' CHECK (purpose IN ('login')),
      code_hash text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz,
      CHECK (expires_at <= created_at + interval '5 minutes')
    )`.execute(db);
  await sql`CREATE INDEX sms_codes_phone_idx ON sms_codes (phone, created_at DESC)`.execute(db);

  // TOTP: the secret is encrypted (AES-256-GCM) with a key derived from the platform secret.
  await sql`
    CREATE TABLE mfa_totp (
      person_id uuid PRIMARY KEY REFERENCES persons(id),
      secret_encrypted text NOT NULL,
      confirmed_at timestamptz,
      last_used_step bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE mfa_recovery_codes (
      person_id uuid NOT NULL REFERENCES persons(id),
      code_hash text NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_id, code_hash)
    )`.execute(db);

  // The audit log: append-only (the app role may only SELECT and INSERT), one hash chain per
  // tenant. Events with no school (a failed login for an unknown account) go to the platform
  // tenant. Retention purges run as the owner.
  await sql`
    CREATE TABLE audit_log (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      seq bigint NOT NULL,
      at timestamptz NOT NULL,
      actor_person_id uuid,
      action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.:-]{1,79}$'),
      target_type text,
      target_id text,
      result text NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
      ip text,
      user_agent text,
      details jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (tenant_id, seq)
    )`.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log (tenant_id, at)`.execute(db);
  await sql`CREATE INDEX audit_log_action_idx ON audit_log (tenant_id, action, at)`.execute(db);
  await sql`CREATE INDEX audit_log_actor_idx ON audit_log (tenant_id, actor_person_id, at)`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('audit_log')`.execute(db);
  await sql`COMMENT ON TABLE audit_log IS 'Append-only audit log. cb:app-grants=SELECT,INSERT'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_log',
    'mfa_recovery_codes',
    'mfa_totp',
    'sms_codes',
    'auth_throttle',
    'sessions',
  ]) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
