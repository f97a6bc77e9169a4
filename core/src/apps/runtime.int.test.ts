import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { purgeUninstalled } from './installations.repository.ts';
import { registerTestApp, testManifest } from './testing/fixtures.ts';
import { type AppsHarness, startAppsHarness } from './testing/harness.ts';
import { noticeManifest, noticeSource } from './testing/notice-app.ts';

let h: AppsHarness;
let schoolA: string;
let schoolB: string;
let installA: string;
let installB: string;

const page = new TextEncoder().encode('<!doctype html><title>班级公告</title><script src="app.js"></script>');

beforeAll(async () => {
  h = await startAppsHarness();
  [schoolA, schoolB] = h.schools as [string, string];
  await registerTestApp(h.db.owner, testManifest(noticeManifest), noticeSource, [
    { path: 'ui/index.html', content: page },
    { path: 'ui/app.js', content: new TextEncoder().encode('console.log(1)') },
  ]);
  const install = async (tenant: string) => {
    const response = await h.request(
      tenant,
      'POST',
      '/api/v1/apps/installations',
      { appId: 'cn.test.notices', approvedScopes: ['org:read'] },
      { admin: true },
    );
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  installA = await install(schoolA);
  installB = await install(schoolB);
});
afterAll(() => h?.close());

describe('app routes through the sandbox', () => {
  it('stores validated documents and reads them back, per school', async () => {
    const created = await h.request(schoolA, 'POST', `/apps/${installA}/api/notices`, {
      title: '明天春游',
      classId: '7-2',
      priority: 3,
    });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const read = await h.request(schoolA, 'GET', `/apps/${installA}/api/notices/${id}`);
    expect(await read.json()).toMatchObject({ id, title: '明天春游', classId: '7-2' });
    // The same id through school B's installation finds nothing: its documents are its own.
    const other = await h.request(schoolB, 'GET', `/apps/${installB}/api/notices/${id}`);
    expect(other.status).toBe(404);
  });

  it('rejects a document that breaks the collection schema, naming the path', async () => {
    const response = await h.request(schoolA, 'POST', `/apps/${installA}/api/notices`, {
      title: '',
      classId: 1,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/title|classId/);
  });

  it('filters, sorts and pages with the declared typed index expressions', async () => {
    for (const [title, priority] of [
      ['一', 1],
      ['二', 5],
      ['三', 2],
    ] as const) {
      await h.request(schoolA, 'POST', `/apps/${installA}/api/notices`, { title, classId: '8-1', priority });
    }
    const first = (await (
      await h.request(schoolA, 'GET', `/apps/${installA}/api/notices?classId=8-1&limit=2`)
    ).json()) as {
      items: Array<{ title: string }>;
      nextCursor: string | null;
    };
    expect(first.items.map((i) => i.title)).toEqual(['二', '三']);
    const second = (await (
      await h.request(
        schoolA,
        'GET',
        `/apps/${installA}/api/notices?classId=8-1&limit=2&cursor=${first.nextCursor}`,
      )
    ).json()) as { items: Array<{ title: string }>; nextCursor: string | null };
    expect(second.items.map((i) => i.title)).toEqual(['一']);
    expect(second.nextCursor).toBeNull();
    const { rows } = await sql<{ indexname: string; indexdef: string }>`
      SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'app_documents' AND indexname LIKE 'app_doc_ix_%'`.execute(
      h.db.owner,
    );
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.indexdef).join('\n')).toContain("cb_doc_num((data -> 'priority'::text)) DESC");
  });

  it('runs a transaction atomically: one bad operation applies none', async () => {
    const before = (await (
      await h.request(schoolA, 'GET', `/apps/${installA}/api/notices?classId=9-9`)
    ).json()) as { items: unknown[] };
    const response = await h.request(schoolA, 'POST', `/apps/${installA}/api/batch`, {
      operations: [
        { op: 'insert', collection: 'notices', data: { title: '甲', classId: '9-9' } },
        { op: 'insert', collection: 'notices', data: { title: '甲', classId: '9-9' } },
      ],
    });
    expect(response.status).toBe(409);
    const after = (await (
      await h.request(schoolA, 'GET', `/apps/${installA}/api/notices?classId=9-9`)
    ).json()) as { items: unknown[] };
    expect(after.items.length).toBe(before.items.length);
  });

  it('keeps app documents behind row-level security for the app role', async () => {
    const count = await h.db.app
      .selectFrom('app_documents')
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('gives the guest its settings, user and school, and validates settings changes', async () => {
    const hello = await h.request(schoolA, 'GET', `/apps/${installA}/api/hello`);
    expect(await hello.json()).toEqual({ greeting: '同学们好', user: '王老师', school: '测试学校1' });
    const bad = await h.request(
      schoolA,
      'PUT',
      `/api/v1/apps/installations/${installA}/settings`,
      { settings: { greeting: 3 } },
      { admin: true },
    );
    expect(bad.status).toBe(400);
    const good = await h.request(
      schoolA,
      'PUT',
      `/api/v1/apps/installations/${installA}/settings`,
      { settings: { greeting: '大家好' } },
      { admin: true },
    );
    expect(good.status).toBe(200);
    expect(await (await h.request(schoolA, 'GET', `/apps/${installA}/api/hello`)).json()).toMatchObject({
      greeting: '大家好',
    });
  });

  it("does not let another school's member reach an installation, and refuses undeclared routes", async () => {
    expect((await h.request(schoolB, 'GET', `/apps/${installA}/api/hello`)).status).toBe(404);
    expect((await h.request(schoolA, 'GET', `/apps/${installA}/api/undeclared`)).status).toBe(404);
    expect((await h.request(null, 'GET', `/apps/${installA}/api/hello`)).status).toBe(401);
  });

  it('serves the UI page from the app origin with the sandbox CSP', async () => {
    const response = await fetch(`http://127.0.0.1:${h.apps.ui.port}/${installA}/index.html`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('班级公告');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('sandbox allow-scripts allow-forms');
    expect(csp).not.toContain('allow-same-origin');
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain('frame-ancestors http://localhost:3000');
    expect((await fetch(`http://127.0.0.1:${h.apps.ui.port}/${installA}/../../etc/passwd`)).status).toBe(404);
  });

  it('refuses to install a version whose server code does not match its manifest', async () => {
    await registerTestApp(
      h.db.owner,
      testManifest({ id: 'cn.test.mismatch', routes: [{ method: 'GET', path: '/a' }] }),
      "import { defineApp } from '@campusbase/plugin-sdk'; export default defineApp({ routes: { 'GET /b': () => 'b' } });",
    );
    const response = await h.request(
      schoolA,
      'POST',
      '/api/v1/apps/installations',
      { appId: 'cn.test.mismatch', approvedScopes: [] },
      { admin: true },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('app_bundle_mismatch');
    expect(body.error.message).toContain('GET /a');
  });

  it('disables, uninstalls with a grace period and an export, then purges', async () => {
    const disabled = await h.request(
      schoolB,
      'POST',
      `/api/v1/apps/installations/${installB}/disable`,
      undefined,
      { admin: true },
    );
    expect(disabled.status).toBe(204);
    expect((await h.request(schoolB, 'GET', `/apps/${installB}/api/hello`)).status).toBe(403);
    await h.request(schoolB, 'POST', `/api/v1/apps/installations/${installB}/enable`, undefined, {
      admin: true,
    });
    await h.request(schoolB, 'POST', `/apps/${installB}/api/notices`, { title: '留存', classId: '1-1' });

    const removed = await h.request(schoolB, 'DELETE', `/api/v1/apps/installations/${installB}`, undefined, {
      admin: true,
    });
    expect(removed.status).toBe(200);
    expect((await h.request(schoolB, 'GET', `/apps/${installB}/api/hello`)).status).toBe(404);
    const exported = (await (
      await h.request(schoolB, 'GET', `/api/v1/apps/installations/${installB}/export`, undefined, {
        admin: true,
      })
    ).json()) as { collections: { notices: unknown[] } };
    expect(exported.collections.notices).toHaveLength(1);

    expect((await purgeUninstalled(h.db.owner, 30)).documents).toBe(0);
    const purged = await purgeUninstalled(h.db.owner, 30, new Date(Date.now() + 31 * 86_400_000));
    expect(purged.documents).toBe(1);
    expect(purged.installations.map((i) => i.id)).toEqual([installB]);
    const audit = h.audit.entries.filter((e) => e.targetId === installB).map((e) => e.action);
    expect(audit).toEqual(
      expect.arrayContaining(['app.install', 'app.disable', 'app.enable', 'app.uninstall', 'app.export']),
    );
  });
});
