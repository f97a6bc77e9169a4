import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { createLogger } from '../logger.ts';
import { seedDemo } from '../seed/demo.ts';
import '../seed/steps.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('demo seed', () => {
  it('leaves the mid-term notice partly read, and seeds it once however often it runs', async () => {
    await seedDemo(db.owner, createLogger('silent'));
    await seedDemo(db.owner, createLogger('silent'));
    const { rows } = await sql<{ n: number; total: number; read: number }>`
      SELECT count(DISTINCT m.id)::int AS n, count(d.*)::int AS total, count(d.read_at)::int AS read
      FROM messages m JOIN message_deliveries d ON d.tenant_id = m.tenant_id AND d.message_id = m.id
      WHERE m.idempotency_key = 'demo:midterm-notice'`.execute(db.owner);
    expect(rows[0]!.n).toBe(1);
    expect(rows[0]!.total).toBeGreaterThan(1);
    expect(rows[0]!.read).toBeGreaterThan(0);
    expect(rows[0]!.read).toBeLessThan(rows[0]!.total);
    const kinds = await sql<{ category: string }>`SELECT DISTINCT category FROM messages`.execute(db.owner);
    expect(new Set(kinds.rows.map((r) => r.category))).toEqual(
      new Set(['notice', 'todo', 'approval', 'alert']),
    );
    const senders = await sql<{ name: string }>`
      SELECT value->>'emailName' AS name FROM tenant_settings WHERE key = 'messages.sender' ORDER BY 1`.execute(
      db.owner,
    );
    expect(senders.rows.map((r) => r.name)).toEqual(['凤岭实验小学', '邕江初级中学']);
  });
});
