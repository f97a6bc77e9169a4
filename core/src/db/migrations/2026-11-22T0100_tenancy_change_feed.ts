import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// Tenancy change feed: a tenant created, moved (parent or path changed) or reactivated NOTIFYs
// `cb_tenant_changes` at commit, so every node learns about it whoever created it (seed, an
// operator's route, plain SQL). The marketplace uses it to install a bureau's mandatory
// deployments in a school created (or moved under the bureau) after the deployment.
// Payload: `t:<uuid>,<uuid>…` (the changed tenants), or `*` when more than 100 changed at once.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION cb_notify_tenants_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ids text[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(id) INTO ids FROM (SELECT id::text AS id FROM after_rows LIMIT 101) picked;
      ELSE
        SELECT array_agg(id) INTO ids FROM (
          SELECT a.id::text AS id FROM after_rows a JOIN before_rows b ON b.id = a.id
          WHERE a.path IS DISTINCT FROM b.path
             OR a.parent_id IS DISTINCT FROM b.parent_id
             OR (a.status = 'active' AND b.status IS DISTINCT FROM 'active')
          LIMIT 101) picked;
      END IF;
      IF ids IS NULL THEN RETURN NULL; END IF;
      PERFORM pg_notify('cb_tenant_changes',
        CASE WHEN cardinality(ids) > 100 THEN '*' ELSE 't:' || array_to_string(ids, ',') END);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER tenants_inserted_notify AFTER INSERT ON tenants
    REFERENCING NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cb_notify_tenants_changed()`.execute(db);
  await sql`
    CREATE TRIGGER tenants_updated_notify AFTER UPDATE ON tenants
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cb_notify_tenants_changed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER tenants_updated_notify ON tenants`.execute(db);
  await sql`DROP TRIGGER tenants_inserted_notify ON tenants`.execute(db);
  await sql`DROP FUNCTION cb_notify_tenants_changed()`.execute(db);
}
