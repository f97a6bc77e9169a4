import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { createMigrator, platformMigrations } from './migrator.ts';

async function tableExists(db: TestDatabase, table: string) {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = ${table}`.execute(db.owner);
  return rows[0]?.n === 1;
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.drop());

  it('apply in name order, roll back one by one, and apply again', async () => {
    const migrator = createMigrator(db.owner);
    const names = Object.keys(platformMigrations()).sort();
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(up.results?.map((r) => r.migrationName)).toEqual(names);
    expect(await tableExists(db, 'tenants')).toBe(true);

    for (const name of [...names].reverse()) {
      const down = await migrator.migrateDown();
      expect(down.error).toBeUndefined();
      expect(down.results?.[0]).toMatchObject({ migrationName: name, direction: 'Down', status: 'Success' });
    }
    expect(await tableExists(db, 'tenants')).toBe(false);

    const again = await migrator.migrateToLatest();
    expect(again.error).toBeUndefined();
    expect(await tableExists(db, 'tenants')).toBe(true);
  });

  it('have unique, date-prefixed names', () => {
    for (const name of Object.keys(platformMigrations())) {
      expect(name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}_[a-z0-9_]+$/);
    }
  });
});
