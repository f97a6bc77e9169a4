import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import { iotMigrations } from '@campusbase/iot-bridge/migrations';
import { marketplaceMigrations } from '@campusbase/marketplace/migrations';
import { coreMigrations } from './migrations/index.ts';

/**
 * Every migration of the platform: core's and each module's. Names are date-prefixed and unique
 * across modules, so name order is the order they were written in.
 */
export function platformMigrations(): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  for (const set of [coreMigrations, iotMigrations, marketplaceMigrations]) {
    for (const [name, migration] of Object.entries(set)) {
      if (all[name]) throw new Error(`Two migrations share the name ${name}; rename one.`);
      all[name] = migration;
    }
  }
  return all;
}

export function createMigrator<DB>(db: Kysely<DB>, migrations = platformMigrations()): Migrator {
  return new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

/** Throws the migration error, naming the migration that failed. */
export function assertMigrated(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, {
      cause: result.error,
    });
  }
  return result;
}

export async function migrateToLatest<DB>(db: Kysely<DB>, migrations?: Record<string, Migration>) {
  return assertMigrated(await createMigrator(db, migrations).migrateToLatest());
}
