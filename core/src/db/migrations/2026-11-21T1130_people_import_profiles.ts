import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// Bulk import (issue 3): roster facts a school keeps about a person that identity does not model
// (gender, from the 性别 column), so an exported roster imports back unchanged.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE roster_profiles (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      person_id uuid NOT NULL REFERENCES persons(id),
      gender text CHECK (gender IN ('male', 'female')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, person_id)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('roster_profiles')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE roster_profiles`.execute(db);
}
