import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import { TestBrowser } from '../identity/test-client.ts';
import type { Platform } from '../platform.ts';

type Verify = { ok: boolean; checked: number; brokenAt: { seq: number; reason: string } | null };

describe('audit chain tampering and bureau counts, over real HTTP against PostgreSQL', () => {
  let db: TestDatabase;
  let platform: Platform;
  const browser = () => new TestBrowser(platform.url.replace('localhost', '127.0.0.1'));
  const tenantOf = async (b: TestBrowser) =>
    ((await b.get('/api/v1/me')).json.activeTenant as { id: string }).id;

  beforeAll(async () => {
    db = await createTestDatabase();
    platform = await startTestPlatform(db);
  });
  afterAll(async () => {
    await platform?.stop();
    await db?.drop();
  });

  it('names the first entry an owner edited, and the one after a removed entry', async () => {
    const admin = browser();
    await admin.login('admin.fenglin');
    for (const name of ['七年级(9)班', '七年级(10)班', '七年级(11)班'])
      expect((await admin.post('/api/v1/org/units', { kind: 'class', name })).status).toBe(201);
    const intact = (await admin.get('/api/v1/audit/verify')).json as Verify;
    expect(intact).toMatchObject({ ok: true, brokenAt: null });
    expect(intact.checked).toBeGreaterThanOrEqual(4);

    // The app role may only append.
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(db.app)).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM audit_log`.execute(db.app)).rejects.toThrow(/permission denied/);

    const tenantId = await tenantOf(admin);
    const entries = (await admin.get('/api/v1/audit?action=org.unit.create')).json.entries as Array<{
      seq: number;
    }>;
    const target = entries.at(-1)?.seq as number;
    await sql`UPDATE audit_log SET details = '{"name":"无"}'::jsonb WHERE tenant_id = ${tenantId} AND seq = ${target}`.execute(
      db.owner,
    );
    const edited = (await admin.get('/api/v1/audit/verify')).json as Verify;
    expect(edited.ok).toBe(false);
    expect(edited.brokenAt).toEqual({ seq: target, reason: 'hash' });

    const other = browser();
    await other.login('admin.yongjiang');
    expect((await other.post('/api/v1/org/units', { kind: 'class', name: '八年级(9)班' })).status).toBe(201);
    const otherTenant = await tenantOf(other);
    expect(((await other.get('/api/v1/audit/verify')).json as Verify).ok).toBe(true);
    const { rows } = await sql<{ seq: number }>`
      SELECT seq FROM audit_log WHERE tenant_id = ${otherTenant} ORDER BY seq DESC LIMIT 1 OFFSET 1`.execute(
      db.owner,
    );
    const removed = rows[0]?.seq as number;
    await sql`DELETE FROM audit_log WHERE tenant_id = ${otherTenant} AND seq = ${removed}`.execute(db.owner);
    expect(((await other.get('/api/v1/audit/verify')).json as Verify).brokenAt).toEqual({
      seq: removed + 1,
      reason: 'gap',
    });
  });

  it('gives a bureau admin counts per school below it, and no personal data', async () => {
    const bureau = browser();
    await bureau.login('bureau.qingxiu');
    const res = await bureau.get('/api/v1/bureau/aggregates');
    expect(res.status).toBe(200);
    const schools = res.json.schools as Array<Record<string, unknown>>;
    expect(schools.length).toBeGreaterThanOrEqual(2);
    for (const s of schools) {
      expect(Object.keys(s).sort()).toEqual(['classes', 'code', 'name', 'students', 'teachers', 'tenantId']);
      const { rows } = await sql<{ students: number; teachers: number }>`
        SELECT count(*) FILTER (WHERE role = 'student') AS students, count(*) FILTER (WHERE role = 'teacher') AS teachers
        FROM memberships WHERE tenant_id = ${s.tenantId as string} AND status = 'active'`.execute(db.owner);
      expect({ students: s.students, teachers: s.teachers }).toEqual(rows[0]);
    }
    expect(schools.some((s) => (s.students as number) > 0 && (s.classes as number) > 0)).toBe(true);
    const text = JSON.stringify(res.json);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    const { rows: names } = await sql<{ display_name: string }>`SELECT display_name FROM persons`.execute(
      db.owner,
    );
    for (const n of names) expect(text).not.toContain(n.display_name);

    // The bureau cannot step into a school or read its people.
    const school = schools[0]?.tenantId as string;
    expect((await bureau.post('/api/v1/me/active-tenant', { tenantId: school })).status).toBe(403);
    const people = (await bureau.get('/api/v1/people?role=student')).json.people as unknown[];
    expect(people).toEqual([]);

    const admin = browser();
    await admin.login('admin.fenglin');
    expect((await admin.get('/api/v1/bureau/aggregates')).status).toBe(403);
  });
});
