import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../core/src/db/database.ts';
import { startEmbeddedPostgres } from '../core/src/db/embedded-postgres.ts';
import { migrateToLatest } from '../core/src/db/migrator.ts';
import { createKysely, withCredentials, withDatabase } from '../core/src/db/pool.ts';
import { ensureAppRole } from '../core/src/db/roles.ts';
import { freePort, removeDir } from './lib.ts';

export interface BenchDatabase {
  /** The owner pool (migrations, seeding, platform-wide work). */
  owner: Kysely<Database>;
  /** The app-role pool: row-level security applies, as for requests. */
  app: Kysely<Database>;
  ownerUrl: string;
  appUrl: string;
  /** Closes both pools, stops PostgreSQL and removes its folder. */
  close(): Promise<void>;
}

/**
 * A bench's own embedded PostgreSQL with one migrated database and the app role, like the
 * platform's, in a temporary folder.
 *
 * @example
 * const db = await startBenchDatabase('bench_apps', { appPoolMax: 20 });
 */
export async function startBenchDatabase(
  name: string,
  options: { appPoolMax?: number } = {},
): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), `campusbase-${name}-`));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  try {
    const admin = createKysely<unknown>(pg.adminUrl, { max: 1 });
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin);
    await admin.destroy();
    const ownerUrl = withDatabase(pg.adminUrl, name);
    const owner = createKysely<Database>(ownerUrl, { max: 8 });
    await migrateToLatest(owner as Kysely<unknown>);
    const role = { name: 'campusbase_bench_app', password: 'bench-app-password' };
    await ensureAppRole(owner as Kysely<unknown>, role);
    const appUrl = withCredentials(ownerUrl, role.name, role.password);
    const app = createKysely<Database>(appUrl, { max: options.appPoolMax ?? 8 });
    return {
      owner,
      app,
      ownerUrl,
      appUrl,
      async close() {
        await app.destroy();
        await owner.destroy();
        await pg.stop();
        await removeDir(dir);
      },
    };
  } catch (error) {
    await pg.stop();
    await removeDir(dir);
    throw error;
  }
}
