import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import { TestBrowser } from '../identity/test-client.ts';
import type { Platform } from '../platform.ts';
import type { LauncherItem } from './launcher.routes.ts';

let db: TestDatabase;
let platform: Platform;
const base = () => platform.url.replace('localhost', '127.0.0.1');
const actor = { personId: null, requestId: 'launcher-test' };

async function schoolId(name: string): Promise<string> {
  const row = await db.owner
    .selectFrom('tenants')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function launcher(login: string) {
  const browser = new TestBrowser(base());
  await browser.login(login);
  const res = await browser.get('/api/v1/apps/launcher');
  expect(res.status).toBe(200);
  return res.json as { appOrigin: string; items: LauncherItem[] };
}

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startTestPlatform(db);
});
afterAll(async () => {
  await platform?.stop();
  await db?.drop();
});

describe('GET /api/v1/apps/launcher', () => {
  let primary: string;
  let middle: string;
  let disabledId: string;

  // Straight into the runtime (what the marketplace does after consent): the launcher is under test.
  const noConsentRecord = async () => undefined;
  beforeAll(async () => {
    primary = await schoolId('南宁市青秀区凤岭实验小学');
    middle = await schoolId('南宁市青秀区邕江初级中学');
    // School B (the middle school) runs the attendance app; school A installs it and disables it.
    await platform.apps.installations.install(
      middle,
      { appId: 'cn.campusbase.attendance', approvedScopes: ['org:read'] },
      actor,
      noConsentRecord,
    );
    disabledId = await platform.apps.installations.install(
      primary,
      { appId: 'cn.campusbase.attendance', approvedScopes: [] },
      actor,
      noConsentRecord,
    );
    await platform.apps.installations.setEnabled(primary, disabledId, false, actor);
  });

  it("shows a teacher of school A A's enabled app with its pages and menu, and not B's or a disabled one", async () => {
    const { appOrigin, items } = await launcher('linmeiling');
    expect(appOrigin).toBe(`http://127.0.0.1:${platform.apps.ui.port}`);
    expect(items.map((i) => i.appId)).toEqual(['cn.nnzx.notice-board']);
    const [board] = items;
    expect(board).toMatchObject({
      name: { zh: '班级公告栏' },
      icon: 'notice',
      pages: [
        {
          id: 'board',
          entry: 'board.html',
          menu: {
            title: { zh: '班级公告', en: 'Class notices' },
            icon: 'notice',
            order: 10,
            audience: 'user',
          },
        },
      ],
    });
    expect(items.some((i) => i.installationId === disabledId)).toBe(false);
    // Its page is served by the UI origin the launcher names.
    const page = await fetch(`${appOrigin}/${board!.installationId}/${board!.pages[0]!.entry}`);
    expect(page.status).toBe(200);
  });

  it("shows a teacher of school B B's app only, without the admins' menu entries", async () => {
    const { items } = await launcher('zhangxiaoyan');
    expect(items.map((i) => i.appId)).toContain('cn.campusbase.attendance');
    // Both schools run the demo notice board: B's teacher sees B's installations only.
    const ofA = await db.owner
      .selectFrom('app_installations')
      .select('id')
      .where('tenant_id', '=', primary)
      .execute();
    const ids = items.map((i) => i.installationId);
    for (const { id } of ofA) expect(ids).not.toContain(id);
    const attendance = items.find((i) => i.appId === 'cn.campusbase.attendance');
    expect(attendance!.approvedScopes).toEqual(['org:read']);
    const roster = attendance!.pages.find((p) => p.id === 'roster');
    expect(roster?.menu).toBeNull();
    expect(attendance!.pages.find((p) => p.id === 'dashboard')?.menu?.title.zh).toBe('考勤看板');
  });

  it("shows B's admin the admin menu entries too", async () => {
    const { items } = await launcher('admin.yongjiang');
    const attendance = items.find((i) => i.appId === 'cn.campusbase.attendance');
    const roster = attendance!.pages.find((p) => p.id === 'roster');
    expect(roster?.menu).toMatchObject({ audience: 'admin', title: { zh: '考勤卡号名单' } });
  });

  it('lists the disabled installation again once it is enabled', async () => {
    await platform.apps.installations.setEnabled(primary, disabledId, true, actor);
    const { items } = await launcher('linmeiling');
    expect(items.map((i) => i.installationId)).toContain(disabledId);
    await platform.apps.installations.setEnabled(primary, disabledId, false, actor);
  });

  it('asks for a login', async () => {
    const res = await fetch(`${base()}/api/v1/apps/launcher`);
    expect(res.status).toBe(401);
  });
});
