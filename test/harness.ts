import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { inject } from 'vitest';
import type { Database } from '../core/src/db/database.ts';
import { migrateToLatest } from '../core/src/db/migrator.ts';
import { createKysely, withCredentials, withDatabase } from '../core/src/db/pool.ts';
import { ensureAppRole } from '../core/src/db/roles.ts';
// The ProvidedContext augmentation that types inject('pgAdminUrl').
import type {} from './global-setup.ts';

/** The app role the integration tests connect as; the same on every test database of the cluster. */
export const TEST_APP_ROLE = { name: 'campusbase_test_app', password: 'campusbase-test-app-password' };

export interface TestDatabase {
  name: string;
  /** The owner: migrations and setup. Row-level security does not confine it. */
  owner: Kysely<Database>;
  /** The app role, as requests use it: row-level security applies. */
  app: Kysely<Database>;
  ownerUrl: string;
  appUrl: string;
  /** Closes the pools and drops the database. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh database on the test server, migrates it with every platform migration, and
 * opens an owner pool and an app-role pool. Call in `beforeAll`, and `drop()` in `afterAll`.
 *
 * @example
 * let db: TestDatabase;
 * beforeAll(async () => { db = await createTestDatabase(); });
 * afterAll(() => db.drop());
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `cbt_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = createKysely<unknown>(adminUrl, { max: 1 });
  await sql.raw(`CREATE DATABASE ${name}`).execute(admin);
  await admin.destroy();

  const ownerUrl = withDatabase(adminUrl, name);
  const owner = createKysely<Database>(ownerUrl, { max: 4, applicationName: 'campusbase-test-owner' });
  if (options.migrate !== false) {
    await migrateToLatest(owner as Kysely<unknown>);
    await ensureAppRole(owner as Kysely<unknown>, TEST_APP_ROLE);
  }
  const appUrl = withCredentials(ownerUrl, TEST_APP_ROLE.name, TEST_APP_ROLE.password);
  const app = createKysely<Database>(appUrl, { max: 8, applicationName: 'campusbase-test-app' });
  return {
    name,
    owner,
    app,
    ownerUrl,
    appUrl,
    async drop() {
      await app.destroy();
      await owner.destroy();
      const admin2 = createKysely<unknown>(adminUrl, { max: 1 });
      await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(admin2);
      await admin2.destroy();
    },
  };
}
