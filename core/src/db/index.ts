import { type Kysely, sql } from 'kysely';
import { join, resolve } from 'node:path';
import type { Config } from '../config/index.ts';
import type { Logger } from '../logger.ts';
import { deriveKey } from '../secrets.ts';
import type { Database } from './database.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.ts';
import { provideMigrationSecret } from './migration-secret.ts';
import { migrateToLatest } from './migrator.ts';
import { createKysely, redactUrl, withCredentials, withDatabase } from './pool.ts';
import { ensureAppRole } from './roles.ts';

export type { Database } from './database.ts';
export { withTenant, isUuid } from './tenant-scope.ts';

export interface Databases {
  /** The owner connection: migrations and platform-wide workers. Row-level security does not confine it. */
  owner: Kysely<Database>;
  /** The app-role connection: every request. Row-level security always applies. */
  app: Kysely<Database>;
  ownerUrl: string;
  appUrl: string;
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/** Starts the embedded server when no DATABASE_URL is set, and returns the owner URL. */
export async function resolveOwnerUrl(
  config: Config,
  logger: Logger,
): Promise<{ ownerUrl: string; embedded: EmbeddedPostgres | null }> {
  if (config.DATABASE_URL) return { ownerUrl: config.DATABASE_URL, embedded: null };
  const started = performance.now();
  const embedded = await startEmbeddedPostgres({
    dataDir: join(resolve(config.DATA_DIR), 'pg'),
    port: config.EMBEDDED_PG_PORT,
    onLog: (line) => logger.trace({ pg: line.trim() }, 'postgres'),
  });
  logger.info(
    {
      port: config.EMBEDDED_PG_PORT,
      initialised: embedded.initialised,
      ms: Math.round(performance.now() - started),
    },
    'embedded PostgreSQL started',
  );
  try {
    const admin = createKysely<unknown>(embedded.adminUrl, { max: 1 });
    const { rows } = await sql`SELECT 1 FROM pg_database WHERE datname = 'campusbase'`.execute(admin);
    if (rows.length === 0) await sql`CREATE DATABASE campusbase`.execute(admin);
    await admin.destroy();
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { ownerUrl: withDatabase(embedded.adminUrl, 'campusbase'), embedded };
}

/**
 * Opens the platform's databases: starts embedded PostgreSQL if needed, migrates as the owner,
 * makes sure the app role exists, and opens the app-role pool.
 */
export async function openDatabases(config: Config, logger: Logger, secret: string): Promise<Databases> {
  const { ownerUrl, embedded } = await resolveOwnerUrl(config, logger);
  let owner: Kysely<Database> | undefined;
  try {
    owner = createKysely<Database>(ownerUrl, { max: 4, applicationName: 'campusbase-owner' });
    // Migrations that seal stored secrets (message centre) need the platform secret.
    provideMigrationSecret(secret);
    const result = await migrateToLatest(owner as Kysely<unknown>);
    const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');

    let appUrl = config.APP_DATABASE_URL;
    if (!appUrl) {
      const role = { name: config.APP_DB_ROLE, password: deriveKey(secret, 'db-app-role') };
      await ensureAppRole(owner as Kysely<unknown>, role);
      appUrl = withCredentials(ownerUrl, role.name, role.password);
    }
    const app = createKysely<Database>(appUrl, { max: config.DB_POOL_SIZE, applicationName: 'campusbase' });
    await sql`SELECT 1`.execute(app);
    logger.info({ owner: redactUrl(ownerUrl), app: redactUrl(appUrl) }, 'database ready');
    const ownerHandle = owner;
    return {
      owner: ownerHandle,
      app,
      ownerUrl,
      appUrl,
      embedded,
      async close() {
        await app.destroy();
        await ownerHandle.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await owner?.destroy().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
}
