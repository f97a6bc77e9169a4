import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import { hashPassword } from '../auth/password.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { TestBrowser } from '../identity/test-client.ts';
import type { Platform } from '../platform.ts';
import { insertTenant } from '../tenancy/tenancy.repository.ts';

/**
 * Issue: the deployment worker is started explicitly by `startPlatform` with the message centre,
 * and a school that gets a mandatory app from a bureau's deployment has its admins told once, in
 * their inbox (zh-CN and en), while nobody else in or outside that school is.
 */
const APP = 'cn.campusbase.attendance';
const TITLE = '南宁市青秀区教育局统一部署了「智慧考勤」';
const PASSWORD = 'Campus@2026';

let db: TestDatabase;
let platform: Platform;
const browser = () => new TestBrowser(platform.url.replace('localhost', '127.0.0.1'));

async function tenantId(code: string): Promise<string> {
  return (
    await db.owner.selectFrom('tenants').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  ).id;
}

/** Deployment notices delivered to one person (the owner pool reads across schools). */
async function noticesOf(personId: string) {
  const rows = await db.owner
    .selectFrom('message_deliveries as d')
    .innerJoin('messages as m', (j) =>
      j.onRef('m.tenant_id', '=', 'd.tenant_id').onRef('m.id', '=', 'd.message_id'),
    )
    .select(['m.tenant_id', 'm.category', 'm.priority', 'm.content', 'm.sender_kind', 'm.deep_link'])
    .where('d.person_id', '=', personId)
    .execute();
  return rows.filter((m) => m.content['zh-CN'].title.includes('统一部署了'));
}

/**
 * A new school under 青秀区, created with its admin and a teacher in one transaction: the tenant
 * change is announced at commit, when both already exist.
 */
async function newSchool(parentId: string, code: string, name: string) {
  const hash = await hashPassword(PASSWORD);
  return db.owner.transaction().execute(async (trx) => {
    const created = await insertTenant(trx, { parentId, kind: 'school', name, code });
    const people: Record<'admin' | 'teacher', string> = { admin: '', teacher: '' };
    for (const role of ['admin', 'teacher'] as const) {
      const person = await trx
        .insertInto('persons')
        .values({
          display_name: role === 'admin' ? '覃海燕' : '黄志刚',
          username: `${role}.${code}`,
          password_hash: hash,
          password_changed_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      people[role] = person.id;
      await withTenant(trx, created.id, async (scoped) => {
        await scoped
          .insertInto('memberships')
          .values({
            tenant_id: created.id,
            person_id: person.id,
            org_unit_id: null,
            role: role === 'admin' ? 'staff' : 'teacher',
            number: null,
          })
          .execute();
        if (role === 'admin')
          await scoped
            .insertInto('role_grants')
            .values({
              tenant_id: created.id,
              person_id: person.id,
              role_key: 'school_admin',
              org_unit_id: null,
              granted_by: null,
              revoked_at: null,
              revoked_by: null,
            })
            .execute();
      });
    }
    return { id: created.id, ...people };
  });
}

const liveIn = (tenant: string) =>
  db.owner
    .selectFrom('app_installations')
    .select('id')
    .where('tenant_id', '=', tenant)
    .where('app_id', '=', APP)
    .where('status', '<>', 'uninstalled')
    .execute();

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startTestPlatform(db);
  const bureau = browser();
  await bureau.login('bureau.qingxiu');
  const deployed = await bureau.post('/api/v1/marketplace/bureau/picks', {
    appId: APP,
    mode: 'deploy',
    mandatory: true,
    consent: true,
    note: '全区统一使用智慧考勤',
  });
  expect(deployed.status).toBe(201);
  expect(deployed.json).toMatchObject({ schools: 2, installed: 2, failed: 0 });
}, 180_000);
afterAll(async () => {
  await platform?.stop();
  await db?.drop();
});

describe('the deployment worker of startPlatform', () => {
  let school: { id: string; admin: string; teacher: string };

  it('installs the mandatory app in a new school under the county and tells its admin in the inbox', async () => {
    school = await newSchool(await tenantId('450103'), '2145010399', '南宁市青秀区新建实验学校');
    await expect.poll(async () => (await noticesOf(school.admin)).length, { timeout: 60_000 }).toBe(1);
    expect(await liveIn(school.id)).toHaveLength(1);
    const [notice] = await noticesOf(school.admin);
    expect(notice).toMatchObject({
      tenant_id: school.id,
      category: 'notice',
      priority: 'high',
      sender_kind: 'platform',
      deep_link: `/marketplace/apps/${APP}`,
    });
    expect(notice!.content['zh-CN'].title).toBe(TITLE);
    expect(notice!.content['zh-CN'].text).toContain('必装应用，学校不能卸载或停用');
    expect(notice!.content.en?.title).toBe('南宁市青秀区教育局 deployed "Attendance" to your school');

    // Through the product: the admin signs in and reads it in the inbox.
    const admin = browser();
    await admin.login(`admin.2145010399`, PASSWORD);
    const inbox = await admin.get('/api/v1/inbox');
    expect(inbox.status).toBe(200);
    const titles = (inbox.json.items as Array<{ title: string }>).map((i) => i.title);
    expect(titles).toEqual([TITLE]);
  });

  it('sends nothing on a second and third sweep: one installation, one notice', async () => {
    await platform.deployments.reconcile();
    await platform.deployments.reconcile();
    expect(await liveIn(school.id)).toHaveLength(1);
    expect(await noticesOf(school.admin)).toHaveLength(1);
  });

  it("tells only the school's admins: not its teacher, and no admin of another school again", async () => {
    expect(await noticesOf(school.teacher)).toEqual([]);
    // The schools that were there when the bureau deployed were told once, by that deployment.
    for (const login of ['admin.fenglin', 'admin.yongjiang']) {
      const person = await db.owner
        .selectFrom('persons')
        .select('id')
        .where('username', '=', login)
        .executeTakeFirstOrThrow();
      const notices = await noticesOf(person.id);
      expect(notices).toHaveLength(1);
      expect(notices[0]!.tenant_id).not.toBe(school.id);
    }
  });

  it('gives a new school outside the county (directly under the city) neither the app nor a notice', async () => {
    const far = await newSchool(await tenantId('450100'), '2145010098', '南宁市直属新建小学');
    await platform.deployments.reconcile();
    expect(await liveIn(far.id)).toEqual([]);
    expect(await noticesOf(far.admin)).toEqual([]);
  });
});
