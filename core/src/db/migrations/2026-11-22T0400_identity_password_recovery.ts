import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// Identity, self-service credential recovery (忘记密码): SMS codes gain a `password_reset`
// purpose, email links and reset tickets are kept as SHA-256 of their secret, and each session
// remembers how and when its person proved who they are (so a session opened by an SMS code a
// moment ago may set a new password without the old one). All of these are global, like
// `persons` and `sessions`: a person's credentials belong to no single school.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sms_codes DROP CONSTRAINT sms_codes_purpose_check`.execute(db);
  await sql`
    ALTER TABLE sms_codes ADD CONSTRAINT sms_codes_purpose_check
    CHECK (purpose IN ('login', 'password_reset'))`.execute(db);

  // kind 'email_link': the token mailed to the person (30 minutes). kind 'reset_ticket': what a
  // verified SMS code is exchanged for (10 minutes). Both are single use (consumed_at), bound to
  // one person, and hold only SHA-256 of a 256-bit secret. A request for an unknown address is
  // stored too (person_id NULL), so known and unknown addresses cost the same work.
  await sql`
    CREATE TABLE password_reset_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('email_link', 'reset_ticket')),
      channel text NOT NULL CHECK (channel IN ('sms', 'email')),
      token_hash bytea NOT NULL UNIQUE,
      person_id uuid REFERENCES persons(id),
      failed_attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz,
      CHECK (expires_at <= created_at + interval '30 minutes')
    )`.execute(db);
  await sql`CREATE INDEX password_reset_tokens_person_idx ON password_reset_tokens (person_id)`.execute(db);
  await sql`CREATE INDEX password_reset_tokens_expiry_idx ON password_reset_tokens (expires_at)`.execute(db);

  // How the session's person authenticated, and when. A side table rather than columns on
  // `sessions`, so the session read on every request and its change triggers stay as they are;
  // it goes with its session.
  await sql`
    CREATE TABLE session_authentications (
      session_id text PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
      method text NOT NULL CHECK (method IN ('password', 'sms', 'password_reset')),
      authenticated_at timestamptz NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS session_authentications`.execute(db);
  await sql`DROP TABLE IF EXISTS password_reset_tokens`.execute(db);
  await sql`DELETE FROM sms_codes WHERE purpose <> 'login'`.execute(db);
  await sql`ALTER TABLE sms_codes DROP CONSTRAINT sms_codes_purpose_check`.execute(db);
  await sql`ALTER TABLE sms_codes ADD CONSTRAINT sms_codes_purpose_check CHECK (purpose IN ('login'))`.execute(
    db,
  );
}
