import { type Kysely, sql } from 'kysely';

export interface AppRole {
  name: string;
  password: string;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unsafe role name ${name}`);
  return `"${name}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Creates or updates the application role and grants it table access, after migrations.
 *
 * The app role owns nothing and has NOBYPASSRLS, so row-level security always applies to it. The
 * role is cluster-wide; two processes may race to create it, which is why a duplicate is retried.
 */
export async function ensureAppRole(owner: Kysely<unknown>, role: AppRole): Promise<void> {
  const ident = quoteIdent(role.name);
  const password = quoteLiteral(role.password);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await sql
        .raw(`
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role.name)}) THEN
            CREATE ROLE ${ident} LOGIN PASSWORD ${password} NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
          ELSE
            ALTER ROLE ${ident} WITH LOGIN PASSWORD ${password} NOSUPERUSER NOBYPASSRLS;
          END IF;
        END $$`)
        .execute(owner);
      break;
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 42710 duplicate_object / 23505 unique_violation / XX000 "tuple concurrently updated": another process won the race.
      if (attempt < 2 && (code === '42710' || code === '23505' || code === 'XX000')) continue;
      throw error;
    }
  }
  const { rows } = await sql<{ db: string }>`SELECT current_database() AS db`.execute(owner);
  const database = rows[0]?.db;
  await sql.raw(`GRANT CONNECT ON DATABASE "${database}" TO ${ident}`).execute(owner);
  await sql.raw(`GRANT USAGE ON SCHEMA public TO ${ident}`).execute(owner);
  await sql
    .raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident}`)
    .execute(owner);
  await sql.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident}`).execute(owner);
  // The migration bookkeeping is the owner's alone.
  await sql.raw(`REVOKE ALL ON schema_migrations, schema_migrations_lock FROM ${ident}`).execute(owner);
  // Tables may ask for narrower grants with a comment: 'cb:app-grants=SELECT,INSERT' (append-only logs).
  const narrowed = await sql<{ table: string; grants: string }>`
    SELECT c.relname AS table, substring(d.description FROM 'cb:app-grants=([A-Z,]+)') AS grants
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = 0
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND d.description LIKE '%cb:app-grants=%'`.execute(
    owner,
  );
  for (const row of narrowed.rows) {
    if (!row.grants || !/^[A-Z,]+$/.test(row.grants)) continue;
    await sql.raw(`REVOKE ALL ON "${row.table}" FROM ${ident}`).execute(owner);
    await sql.raw(`GRANT ${row.grants.split(',').join(', ')} ON "${row.table}" TO ${ident}`).execute(owner);
  }
}
