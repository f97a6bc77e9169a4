import { type Kysely, sql } from 'kysely';
import type { IotTables } from '../tables.ts';

/** Creates a platform → school pair for a test (the tenants table is core's; tests write it directly). */
export async function createTestSchool(
  owner: Kysely<IotTables>,
  code: string,
): Promise<{ id: string; code: string }> {
  const { rows: roots } = await sql<{
    id: string;
    path: string;
  }>`SELECT id, path FROM tenants WHERE kind = 'platform'`.execute(owner);
  let root = roots[0];
  if (!root) {
    const id = crypto.randomUUID();
    await sql`INSERT INTO tenants (id, parent_id, kind, name, code, path) VALUES (${id}, NULL, 'platform', '平台', 'platform', ${`/${id}/`})`.execute(
      owner,
    );
    root = { id, path: `/${id}/` };
  }
  const id = crypto.randomUUID();
  await sql`INSERT INTO tenants (id, parent_id, kind, name, code, path)
    VALUES (${id}, ${root.id}, 'school', ${`测试学校${code}`}, ${code}, ${`${root.path}${id}/`})`.execute(
    owner,
  );
  return { id, code };
}
