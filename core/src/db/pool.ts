import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

// int8 (count(*), bigserial) as a JS number: our counters stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export interface PoolOptions {
  max?: number;
  applicationName?: string;
}

/**
 * Opens a Kysely handle on a pg pool.
 *
 * @example
 * const db = createKysely<Database>(url, { max: 10, applicationName: 'campusbase' });
 */
export function createKysely<DB>(connectionString: string, options: PoolOptions = {}): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'campusbase',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client whose server goes away (a restart, or our own shutdown: 57P01) emits 'error'
  // on the pool; unhandled, that would crash the process. The pool replaces the client.
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01')
      console.error(`[campusbase] idle PostgreSQL connection lost: ${error.message}`);
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Replaces the user and password of a connection URL. */
export function withCredentials(connectionString: string, user: string, password: string): string {
  const url = new URL(connectionString);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** Replaces the database name of a connection URL. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The connection URL with the password hidden, for logs and `doctor`. */
export function redactUrl(connectionString: string): string {
  const url = new URL(connectionString);
  if (url.password) url.password = '***';
  return url.toString();
}
