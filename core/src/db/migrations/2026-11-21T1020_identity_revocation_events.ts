import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// Identity (issue 3, part 2): every node caches recently validated sessions, so a change that ends
// or narrows a session must reach every node at once. Triggers NOTIFY on `cb_session_changes` when
// sessions are deleted or updated and when a person's status, name, authorisation version or
// must-change-password flag changes; the notification is delivered at commit, to every node.
// Payloads: `s:<id>,<id>…`, `p:<uuid>,<uuid>…`, or `*` (too many to list: forget everything).
// Also the flag set by an admin password reset.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE persons ADD COLUMN password_must_change boolean NOT NULL DEFAULT false`.execute(db);

  await sql`
    CREATE FUNCTION cb_notify_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ids text[];
    BEGIN
      SELECT array_agg(id) INTO ids FROM (SELECT id FROM changed LIMIT 151) picked;
      IF ids IS NULL THEN RETURN NULL; END IF;
      PERFORM pg_notify('cb_session_changes',
        CASE WHEN cardinality(ids) > 150 THEN '*' ELSE 's:' || array_to_string(ids, ',') END);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER sessions_deleted_notify AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cb_notify_sessions_changed()`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER sessions_updated_notify AFTER UPDATE ON sessions
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cb_notify_sessions_changed()`.execute(
    db,
  );

  await sql`
    CREATE FUNCTION cb_notify_persons_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ids text[];
    BEGIN
      SELECT array_agg(id) INTO ids FROM (
        SELECT a.id::text AS id FROM after_rows a JOIN before_rows b ON b.id = a.id
        WHERE a.authz_version IS DISTINCT FROM b.authz_version
           OR a.status IS DISTINCT FROM b.status
           OR a.display_name IS DISTINCT FROM b.display_name
           OR a.password_must_change IS DISTINCT FROM b.password_must_change
        LIMIT 151) picked;
      IF ids IS NULL THEN RETURN NULL; END IF;
      PERFORM pg_notify('cb_session_changes',
        CASE WHEN cardinality(ids) > 150 THEN '*' ELSE 'p:' || array_to_string(ids, ',') END);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER persons_changed_notify AFTER UPDATE ON persons
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cb_notify_persons_changed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS persons_changed_notify ON persons`.execute(db);
  await sql`DROP FUNCTION IF EXISTS cb_notify_persons_changed()`.execute(db);
  await sql`DROP TRIGGER IF EXISTS sessions_updated_notify ON sessions`.execute(db);
  await sql`DROP TRIGGER IF EXISTS sessions_deleted_notify ON sessions`.execute(db);
  await sql`DROP FUNCTION IF EXISTS cb_notify_sessions_changed()`.execute(db);
  await sql`ALTER TABLE persons DROP COLUMN IF EXISTS password_must_change`.execute(db);
}
