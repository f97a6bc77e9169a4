import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness.ts';
import { provideMigrationSecret } from '../../db/migration-secret.ts';
import { createMigrator } from '../../db/migrator.ts';
import { credentialSealer } from '../sealing.ts';

const SECRET = 'test-secret-key-test-secret-key-0123456789';
const BEFORE = '2026-11-21T1400_messages_core';
const SEALING = '2026-11-22T0200_messages_sealed_secrets';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  provideMigrationSecret(null);
  await db?.drop();
});

const columns = async () =>
  (
    await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'message_webhooks'`.execute(
      db.owner,
    )
  ).rows.map((r) => r.column_name);

describe(SEALING, () => {
  it('encrypts the secrets of existing webhooks, and its down decrypts them', async () => {
    const migrator = createMigrator(db.owner);
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const tenant = crypto.randomUUID();
    await sql`INSERT INTO tenants (id, kind, name, code, path) VALUES (${tenant}, 'platform', '平台', 'P-1', ${`/${tenant}/`})`.execute(
      db.owner,
    );
    await sql`INSERT INTO message_webhooks (tenant_id, name, url, secret)
      VALUES (${tenant}, '旧系统', 'https://old.example.cn/hook', 'plain-old-secret-0001'),
             (${tenant}, '大屏', 'https://screen.example.cn/hook', 'plain-old-secret-0002')`.execute(
      db.owner,
    );

    provideMigrationSecret(null);
    const refused = await migrator.migrateTo(SEALING);
    expect(String(refused.error)).toContain('2 webhook secret(s) must be encrypted with the platform secret');
    expect(await columns()).toContain('secret');

    provideMigrationSecret(SECRET);
    expect((await migrator.migrateTo(SEALING)).error).toBeUndefined();
    expect(await columns()).not.toContain('secret');
    const sealed = (
      await sql<{ name: string; secret_sealed: string }>`
        SELECT name, secret_sealed FROM message_webhooks ORDER BY name`.execute(db.owner)
    ).rows;
    const everything = (
      await sql<{ t: string }>`SELECT string_agg(w::text, '') AS t FROM message_webhooks w`.execute(db.owner)
    ).rows[0]!.t;
    expect(everything).not.toContain('plain-old-secret');
    const box = credentialSealer(SECRET, 'messages:webhook-secret');
    expect(sealed.map((r) => box.open(r.secret_sealed)).sort()).toEqual([
      'plain-old-secret-0001',
      'plain-old-secret-0002',
    ]);

    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const plain = (
      await sql<{ secret: string }>`SELECT secret FROM message_webhooks ORDER BY secret`.execute(db.owner)
    ).rows;
    expect(plain.map((r) => r.secret)).toEqual(['plain-old-secret-0001', 'plain-old-secret-0002']);
    expect(await columns()).not.toContain('secret_sealed');
  });
});
