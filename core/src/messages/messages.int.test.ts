import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { withPerson } from '../identity/person-scope.ts';
import { resolveAudience } from './audience.ts';
import { freeText } from './render.ts';
import { sendMessage } from './send.ts';
import { messagesApp } from './testing/harness.ts';
import { createWorld, deliveriesOf, sessionCookie, type World } from './testing/world.ts';

let db: TestDatabase;
let w: World;
let h: ReturnType<typeof messagesApp>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  w = await createWorld(db.owner);
  h = messagesApp(db, { workers: false });
  await h.centre.start();
  for (const [name, id] of Object.entries(w.people)) {
    const tenant =
      name === 'bureauAdmin'
        ? w.bureau
        : name.startsWith('b')
          ? w.schoolB
          : name.startsWith('c')
            ? w.schoolC
            : w.schoolA;
    cookies[name] = await sessionCookie(db.owner, id, tenant);
  }
});
afterAll(async () => {
  await h?.centre.stop();
  await db?.drop();
});

const resolve = (tenantId: string, parts: Parameters<typeof resolveAudience>[3], kind = 'school') =>
  withTenant(db.app, tenantId, async (trx) => {
    const t = await trx
      .selectFrom('tenants')
      .select(['path'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return resolveAudience(trx, db.app, { id: tenantId, kind, path: t.path }, parts);
  });

describe('audiences from the org tree', () => {
  it('reaches the parents of class 7-2 and nobody else, and previews the count', async () => {
    const r = await resolve(w.schoolA, [
      { kind: 'unit', orgUnitId: w.units.class72, roles: ['parent'], includeDescendants: true },
    ]);
    expect(new Set(r.recipients.keys())).toEqual(
      new Set([w.people.parent1, w.people.parent2, w.people.parentTeacher]),
    );
    const preview = await h.call(cookies.headTeacher72!, 'POST', '/api/v1/messages/audience/preview', {
      audience: [{ kind: 'unit', orgUnitId: w.units.class72, roles: ['parent'] }],
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ total: 3, byRole: { parent: 3 } });
  });

  it('reaches all teachers of grade 8, and the head teacher of a student', async () => {
    const grade8 = await resolve(w.schoolA, [
      { kind: 'unit', orgUnitId: w.units.grade8, roles: ['teacher'], includeDescendants: true },
    ]);
    expect([...grade8.recipients.keys()]).toEqual([w.people.teacher8]);
    const head = await resolve(w.schoolA, [{ kind: 'headTeacherOf', studentId: w.people.student2 }]);
    expect([...head.recipients.keys()]).toEqual([w.people.headTeacher72]);
  });

  it('gives a person reached through two roles one message', async () => {
    const { body, status } = await h.call(cookies.admin!, 'POST', '/api/v1/messages', {
      category: 'notice',
      title: '年级家长会通知',
      body: '周五下午召开家长会。',
      audience: [
        { kind: 'unit', orgUnitId: w.units.class72, roles: ['parent'] },
        { kind: 'unit', orgUnitId: w.units.grade7, roles: ['teacher'] },
      ],
      channels: [],
    });
    expect(status).toBe(201);
    const mine = (await deliveriesOf(db.owner, w.people.parentTeacher)).filter(
      (d) => d.message_id === body.messageId,
    );
    expect(mine).toHaveLength(1);
    expect(body.recipientCount).toBe(4);
  });

  it('never includes a person of another school', async () => {
    const named = await resolve(w.schoolA, [
      { kind: 'people', personIds: [w.people.parent1, w.people.bParent, w.people.cTeacher] },
    ]);
    expect([...named.recipients.keys()]).toEqual([w.people.parent1]);
    expect(named.excluded).toBe(2);
    // School B's 7-2 is not a unit of school A.
    const foreign = await h.call(cookies.admin!, 'POST', '/api/v1/messages/audience/preview', {
      audience: [{ kind: 'unit', orgUnitId: w.units.bClass72, roles: ['parent'] }],
    });
    expect(foreign.status).toBe(404);
    const wholeSchool = await resolve(w.schoolA, [
      { kind: 'school', roles: ['student', 'teacher', 'parent', 'staff', 'admin'] },
    ]);
    for (const outsider of [w.people.bParent, w.people.bStudent, w.people.cTeacher, w.people.bureauAdmin]) {
      expect(wholeSchool.recipients.has(outsider)).toBe(false);
    }
    // A school cannot address other schools at all.
    const schools = await h.call(cookies.admin!, 'POST', '/api/v1/messages/audience/preview', {
      audience: [{ kind: 'schools', roles: ['teacher'] }],
    });
    expect(schools.status).toBe(403);
  });

  it('lets a bureau reach only the schools below it', async () => {
    const all = await h.call(cookies.bureauAdmin!, 'POST', '/api/v1/messages/audience/preview', {
      audience: [{ kind: 'schools', roles: ['teacher'] }],
    });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3); // 陈老师, 刘老师, 周老师 of school A; school B has no teachers; school C is outside.
    const outside = await h.call(cookies.bureauAdmin!, 'POST', '/api/v1/messages/audience/preview', {
      audience: [{ kind: 'schools', roles: ['teacher'], schoolIds: [w.schoolC] }],
    });
    expect(outside.status).toBe(403);
  });

  it('keeps a head teacher to their own class', async () => {
    const other = await h.call(cookies.headTeacher72!, 'POST', '/api/v1/messages', {
      title: '通知',
      body: '…',
      audience: [{ kind: 'unit', orgUnitId: w.units.class73, roles: ['parent'] }],
    });
    expect(other.status).toBe(403);
  });
});

describe('the inbox: one per person across schools, behind the person scope', () => {
  it('shows a parent the notices of both schools, and nobody else sees them', async () => {
    for (const [tenantId, title] of [
      [w.schoolA, 'A校通知'],
      [w.schoolB, 'B校通知'],
    ] as const) {
      await withTenant(db.app, tenantId, (trx) =>
        sendMessage(trx, {
          tenantId,
          sender: { kind: 'platform', module: 'test', name: '测试' },
          category: 'notice',
          content: freeText({ title, body: '正文' }),
          recipients: [w.people.parent1],
          channels: [],
        }),
      );
    }
    const inbox = await h.call(cookies.parent1!, 'GET', '/api/v1/inbox');
    const titles = (inbox.body.items as Array<{ title: string }>).map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['A校通知', 'B校通知']));
    const other = await h.call(cookies.parent2!, 'GET', '/api/v1/inbox');
    expect((other.body.items as Array<{ title: string }>).map((i) => i.title)).not.toContain('B校通知');

    // The RLS wall itself: school A's scope never shows school B's rows; a person scope shows only its own.
    const inA = await withTenant(db.app, w.schoolA, (trx) =>
      trx.selectFrom('message_deliveries').select(['tenant_id', 'person_id']).execute(),
    );
    expect(inA.every((d) => d.tenant_id === w.schoolA)).toBe(true);
    const asParent2 = await withPerson(db.app, w.people.parent2, (trx) =>
      trx.selectFrom('message_deliveries').select('person_id').execute(),
    );
    expect(asParent2.every((d) => d.person_id === w.people.parent2)).toBe(true);
    const messagesSeen = await withPerson(db.app, w.people.parent2, (trx) =>
      trx.selectFrom('messages').select('id').execute(),
    );
    const received = await deliveriesOf(db.owner, w.people.parent2);
    expect(new Set(messagesSeen.map((m) => m.id))).toEqual(new Set(received.map((d) => d.message_id)));
    // Nor can a person mark someone else's entry read.
    const { rows } = await sql<{
      seq: number;
    }>`SELECT seq FROM message_deliveries WHERE person_id = ${w.people.parent1} LIMIT 1`.execute(db.owner);
    const changed = await h.call(cookies.parent2!, 'POST', '/api/v1/inbox/read', {
      ids: [String(rows[0]!.seq)],
    });
    expect(changed.body.changed).toBe(0);
  });

  it('marks read, archives and counts unread per category', async () => {
    const before = await h.call(cookies.parent1!, 'GET', '/api/v1/inbox/unread-count');
    const total = before.body.total as number;
    expect(total).toBeGreaterThanOrEqual(2);
    const items = (await h.call(cookies.parent1!, 'GET', '/api/v1/inbox?status=unread')).body.items as Array<{
      id: string;
    }>;
    await h.call(cookies.parent1!, 'POST', '/api/v1/inbox/read', { ids: [items[0]!.id] });
    expect((await h.call(cookies.parent1!, 'GET', '/api/v1/inbox/unread-count')).body.total).toBe(total - 1);
    await h.call(cookies.parent1!, 'POST', '/api/v1/inbox/archive', { ids: [items[1]!.id] });
    const archived = (await h.call(cookies.parent1!, 'GET', '/api/v1/inbox?status=archived')).body
      .items as Array<{ id: string }>;
    expect(archived.map((i) => i.id)).toEqual([items[1]!.id]);
    expect((await h.call(cookies.parent1!, 'GET', '/api/v1/inbox/unread-count')).body.total).toBe(total - 2);
  });
});

describe('read receipts and reminders', () => {
  it('shows the head teacher who has not read (未读名单) and reminds only them', async () => {
    const sent = await h.call(cookies.headTeacher72!, 'POST', '/api/v1/messages', {
      title: '关于期中考试安排的通知',
      body: '期中考试定于11月25日至26日举行。',
      audience: [{ kind: 'unit', orgUnitId: w.units.class72, roles: ['parent'] }],
      channels: [],
    });
    expect(sent.status).toBe(201);
    const item = (
      (await h.call(cookies.parent2!, 'GET', '/api/v1/inbox')).body.items as Array<{
        id: string;
        messageId: string;
      }>
    ).find((i) => i.messageId === sent.body.messageId)!;
    await h.call(cookies.parent2!, 'POST', '/api/v1/inbox/read', { ids: [item.id] });
    const receipts = await h.call(
      cookies.headTeacher72!,
      'GET',
      `/api/v1/messages/${sent.body.messageId}/receipts`,
    );
    expect(receipts.status).toBe(200);
    expect(receipts.body.readCount).toBe(1);
    const unread = receipts.body.unread as Array<{ personId: string; children: string[] }>;
    expect(new Set(unread.map((u) => u.personId))).toEqual(
      new Set([w.people.parent1, w.people.parentTeacher]),
    );
    expect(unread.find((u) => u.personId === w.people.parent1)!.children).toEqual(['李明']);
    // Another parent may not read the receipts.
    expect(
      (await h.call(cookies.parent1!, 'GET', `/api/v1/messages/${sent.body.messageId}/receipts`)).status,
    ).toBe(403);

    const remind = await h.call(
      cookies.headTeacher72!,
      'POST',
      `/api/v1/messages/${sent.body.messageId}/remind`,
      {},
    );
    expect(remind.status).toBe(201);
    expect(remind.body.recipientCount).toBe(2);
    const reminded = await deliveriesOf(db.owner, w.people.parent2);
    expect(reminded.some((d) => d.message_id === remind.body.messageId)).toBe(false);
    const again = await h.call(
      cookies.headTeacher72!,
      'POST',
      `/api/v1/messages/${sent.body.messageId}/remind`,
      {},
    );
    expect(again.status).toBe(409);
  });
});

describe('producers', () => {
  it('stores a send once per idempotency key, even when retried', async () => {
    const send = () =>
      withTenant(db.app, w.schoolA, (trx) =>
        sendMessage(trx, {
          tenantId: w.schoolA,
          sender: { kind: 'platform', module: 'workflow', name: '审批流程' },
          category: 'approval',
          content: freeText({ title: '请假审批', body: '王芳的请假申请待您审批' }),
          recipients: [w.people.headTeacher72],
          idempotencyKey: 'leave:42:submitted',
          channels: ['email'],
        }),
      );
    const first = await send();
    const second = await send();
    expect(second).toEqual({ ...first, duplicate: true });
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM message_outbox WHERE message_id = ${first.messageId}`.execute(db.owner);
    expect(rows[0]!.n).toBe(1);
  });

  it('rolls the message back with the caller’s transaction', async () => {
    const before = (await deliveriesOf(db.owner, w.people.teacher8)).length;
    await expect(
      withTenant(db.app, w.schoolA, async (trx) => {
        await sendMessage(trx, {
          tenantId: w.schoolA,
          sender: { kind: 'platform', module: 'test', name: '测试' },
          category: 'todo',
          content: freeText({ title: '待办', body: '…' }),
          recipients: [w.people.teacher8],
        });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect((await deliveriesOf(db.owner, w.people.teacher8)).length).toBe(before);
  });

  it('holds an app to its sending quota', async () => {
    const port = messagesApp(db, {
      workers: false,
      quotas: { app: { messagesPerHour: 2, recipientsPerDay: 100 }, person: null, platform: null },
    }).centre.appMessages;
    const sender = { installationId: crypto.randomUUID(), appId: 'attendance', appName: '智慧考勤' };
    const audience = { type: 'orgUnit', orgUnitId: w.units.class72, kinds: ['guardian'] };
    await port.send(w.schoolA, sender, audience, { title: '到校提醒', body: '…' });
    await port.send(w.schoolA, sender, audience, { title: '到校提醒', body: '…' });
    await expect(
      port.send(w.schoolA, sender, audience, { title: '到校提醒', body: '…' }),
    ).rejects.toMatchObject({ status: 429 });
  });
});
