import type { Kysely } from 'kysely';
import type { Config } from '../config/index.ts';
import type { Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import type { Logger } from '../logger.ts';
import { seedDemo } from '../seed/demo.ts';
import '../seed/steps.ts';
import { withOwnerDb } from './migrate.ts';

/** `campusbase seed --demo`: migrates, then seeds the demo region if it is not there yet. */
export async function seed(config: Config, logger: Logger): Promise<number> {
  return withOwnerDb(config, logger, async (db) => {
    await migrateToLatest(db);
    const created = await seedDemo(db as Kysely<Database>, logger);
    console.log(
      created ? 'Demo region seeded.' : 'Demo region already present; seed steps brought up to date.',
    );
    return 0;
  });
}
