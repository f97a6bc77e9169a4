import type { Kysely } from 'kysely';
import type { Config } from '../config/index.ts';
import { resolveOwnerUrl } from '../db/index.ts';
import { provideMigrationSecret } from '../db/migration-secret.ts';
import { assertMigrated, createMigrator } from '../db/migrator.ts';
import { createKysely } from '../db/pool.ts';
import type { Logger } from '../logger.ts';
import { loadSecretKey } from '../secrets.ts';

/** Opens the owner database (starting embedded PostgreSQL if needed) for a one-off command. */
export async function withOwnerDb<T>(
  config: Config,
  logger: Logger,
  work: (db: Kysely<unknown>, url: string) => Promise<T>,
): Promise<T> {
  // Migrations that seal stored secrets (message centre) need the platform secret.
  provideMigrationSecret(await loadSecretKey(config));
  const { ownerUrl, embedded } = await resolveOwnerUrl(config, logger);
  const db = createKysely<unknown>(ownerUrl, { max: 2, applicationName: 'campusbase-cli' });
  try {
    return await work(db, ownerUrl);
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

/** `campusbase migrate up|down|status`. */
export async function migrate(config: Config, logger: Logger, action: string): Promise<number> {
  if (!['up', 'down', 'status'].includes(action)) {
    console.error(`Unknown migrate action "${action}": use up, down or status.`);
    return 64;
  }
  return withOwnerDb(config, logger, async (db) => {
    const migrator = createMigrator(db);
    if (action === 'status') {
      for (const m of await migrator.getMigrations()) {
        console.log(
          `${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  (${m.executedAt.toISOString()})` : ''}`,
        );
      }
      return 0;
    }
    const result = assertMigrated(
      action === 'up' ? await migrator.migrateToLatest() : await migrator.migrateDown(),
    );
    const done = result.results ?? [];
    if (done.length === 0) console.log(action === 'up' ? 'Already up to date.' : 'Nothing to roll back.');
    for (const r of done) console.log(`${action === 'up' ? 'applied' : 'rolled back'}  ${r.migrationName}`);
    return 0;
  });
}
