import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { insertTenant, putTenantSetting } from '../tenancy/tenancy.repository.ts';
import { withTenant } from './tenant-scope.ts';

describe('row-level security through the app role', () => {
  let db: TestDatabase;
  let schoolA: string;
  let schoolB: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const root = await insertTenant(db.owner, {
      parentId: null,
      kind: 'platform',
      name: '平台',
      code: 'platform',
    });
    const county = await insertTenant(db.owner, {
      parentId: root.id,
      kind: 'county',
      name: '青秀区教育局',
      code: '450103',
    });
    schoolA = (
      await insertTenant(db.owner, { parentId: county.id, kind: 'school', name: '甲校', code: '2145010301' })
    ).id;
    schoolB = (
      await insertTenant(db.owner, { parentId: county.id, kind: 'school', name: '乙校', code: '2145010302' })
    ).id;
    await withTenant(db.owner, schoolA, (trx) =>
      putTenantSetting(trx, schoolA, 'branding', { themeColor: '#111111' }),
    );
    await withTenant(db.owner, schoolB, (trx) =>
      putTenantSetting(trx, schoolB, 'branding', { themeColor: '#222222' }),
    );
  });
  afterAll(() => db.drop());

  it('connects as a role that is neither superuser, owner, nor able to bypass RLS', async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
      SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`.execute(db.app);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    const owner = await sql<{ owner: string }>`
      SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'tenant_settings'`.execute(db.app);
    const me = await sql<{ me: string }>`SELECT current_user AS me`.execute(db.app);
    expect(owner.rows[0]?.owner).not.toBe(me.rows[0]?.me);
  });

  it('returns nothing from school-owned tables when no tenant is set', async () => {
    const rows = await db.app.selectFrom('tenant_settings').selectAll().execute();
    expect(rows).toEqual([]);
    const inTx = await db.app
      .transaction()
      .execute((trx) => trx.selectFrom('tenant_settings').selectAll().execute());
    expect(inTx).toEqual([]);
  });

  it('refuses to write a school-owned row when no tenant is set', async () => {
    await expect(
      db.app.insertInto('tenant_settings').values({ tenant_id: schoolA, key: 'x', value: '1' }).execute(),
    ).rejects.toThrow(/row-level security/);
  });

  it('shows a school only its own rows', async () => {
    const rows = await withTenant(db.app, schoolA, (trx) =>
      trx.selectFrom('tenant_settings').selectAll().execute(),
    );
    expect(rows.map((r) => r.tenant_id)).toEqual([schoolA]);
  });

  it("keeps school A from reading school B's rows even when the query names B's id", async () => {
    const rows = await withTenant(db.app, schoolA, (trx) =>
      trx.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', schoolB).execute(),
    );
    expect(rows).toEqual([]);
  });

  it("keeps school A from updating or deleting school B's rows", async () => {
    const updated = await withTenant(db.app, schoolA, (trx) =>
      trx
        .updateTable('tenant_settings')
        .set({ value: JSON.stringify({ themeColor: '#ff0000' }) })
        .where('tenant_id', '=', schoolB)
        .executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const deleted = await withTenant(db.app, schoolA, (trx) =>
      trx.deleteFrom('tenant_settings').where('tenant_id', '=', schoolB).executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    const bRow = await db.owner
      .selectFrom('tenant_settings')
      .select('value')
      .where('tenant_id', '=', schoolB)
      .executeTakeFirst();
    expect(bRow?.value).toEqual({ themeColor: '#222222' });
  });

  it('refuses to insert a row for school B while scoped to school A', async () => {
    await expect(
      withTenant(db.app, schoolA, (trx) =>
        trx.insertInto('tenant_settings').values({ tenant_id: schoolB, key: 'evil', value: '1' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('refuses to move a row of school A into school B', async () => {
    await expect(
      withTenant(db.app, schoolA, (trx) =>
        trx
          .updateTable('tenant_settings')
          .set({ tenant_id: schoolB })
          .where('tenant_id', '=', schoolA)
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('does not let the scope leak past the transaction', async () => {
    await withTenant(db.app, schoolA, async () => undefined);
    const rows = await db.app.selectFrom('tenant_settings').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('rejects a tenant id that is not a UUID, so the SET LOCAL literal cannot carry SQL', async () => {
    await expect(withTenant(db.app, "x'; RESET ALL; --", async () => 1)).rejects.toThrow(/UUID/);
  });

  it('covers every table that has a tenant_id column with forced row-level security', async () => {
    const { rows } = await sql<{ table: string; forced: boolean; enabled: boolean }>`
      SELECT c.relname AS table, c.relforcerowsecurity AS forced, c.relrowsecurity AS enabled
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`.execute(db.owner);
    expect(rows.length).toBeGreaterThan(0);
    const unprotected = rows.filter((r) => !r.forced || !r.enabled).map((r) => r.table);
    expect(unprotected).toEqual([]);
  });
});
