import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// Bulk import (issue 3): one row per uploaded roster. The portal polls its progress; the file is
// kept until the import is committed or abandoned, then dropped.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE people_import_jobs (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('students', 'staff')),
      format text NOT NULL CHECK (format IN ('xlsx', 'csv')),
      file_name text NOT NULL CHECK (length(file_name) <= 255),
      file_bytes bytea,
      status text NOT NULL DEFAULT 'uploaded'
        CHECK (status IN ('uploaded', 'validating', 'validated', 'importing', 'done', 'failed')),
      mode text CHECK (mode IN ('all', 'valid_only')),
      processed integer NOT NULL DEFAULT 0,
      total integer NOT NULL DEFAULT 0,
      report jsonb,
      result jsonb,
      error text,
      created_by uuid REFERENCES persons(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    )`.execute(db);
  await sql`CREATE INDEX people_import_jobs_created_idx ON people_import_jobs (tenant_id, created_at DESC)`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('people_import_jobs')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE people_import_jobs`.execute(db);
}
