import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { verifyWebhook } from './channels/webhook.ts';
import { WECOM_MARKDOWN_MAX_BYTES } from './channels/wecom-markdown.ts';
import { freeText } from './render.ts';
import { sendMessage } from './send.ts';
import { schoolSenderNames } from './sender.repository.ts';
import { eventually, messagesApp, ownedPool } from './testing/harness.ts';
import { type Received, startReceiver, startWecom } from './testing/receivers.ts';
import { createWorld, sessionCookie, type World } from './testing/world.ts';

const SECRET = 'test-secret-key-test-secret-key-0123456789';
const KEY7 = '693a91f6-7aaa-4bc4-97a0-0ec2bfa50007';
const KEY8 = '693a91f6-7aaa-4bc4-97a0-0ec2bfa50008';
const KEY_ALERTS = '693a91f6-7aaa-4bc4-97a0-0ec2bfa5a1e7';
const KEY_REMOVED = '693a91f6-7aaa-4bc4-97a0-0ec2bfa5dead';

let db: TestDatabase;
let w: World;
let h: ReturnType<typeof messagesApp>;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let wecom: Awaited<ReturnType<typeof startWecom>>;
const stops: Array<() => Promise<void>> = [];
const cookies: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  w = await createWorld(db.owner);
  const pool = ownedPool(db);
  stops.push(() => pool.close());
  hook = await startReceiver();
  stops.push(hook.stop);
  wecom = await startWecom({ [KEY7]: [45009], [KEY8]: [], [KEY_ALERTS]: [] });
  stops.push(wecom.stop);
  h = messagesApp(db, {
    db: { app: db.app, owner: pool.pool, ownerUrl: db.ownerUrl },
    secret: SECRET,
    config: { WECOM_API_BASE: wecom.url },
    workers: { pollMs: 100, backoffBaseMs: 100, backoffMaxMs: 300, leaseMs: 5000 },
    wecomRateLimitDelayMs: 300,
  });
  await h.centre.start();
  stops.push(() => h.centre.stop());
  // A school admin of school B, to break in from.
  const bAdmin = (
    await db.owner
      .insertInto('persons')
      .values({ display_name: '吴校长' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db.owner
    .insertInto('memberships')
    .values({ tenant_id: w.schoolB, person_id: bAdmin, role: 'teacher', org_unit_id: null })
    .execute();
  await db.owner
    .insertInto('role_grants')
    .values({ tenant_id: w.schoolB, person_id: bAdmin, role_key: 'school_admin', org_unit_id: null })
    .execute();
  cookies.admin = await sessionCookie(db.owner, w.people.admin, w.schoolA);
  cookies.teacher = await sessionCookie(db.owner, w.people.headTeacher72, w.schoolA);
  cookies.bAdmin = await sessionCookie(db.owner, bAdmin, w.schoolB);
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await db?.drop();
});

const rowText = async (table: 'message_webhooks' | 'message_wecom_robots' | 'message_outbox') =>
  (
    await sql<{ t: string }>`SELECT string_agg(x::text, '\n') AS t FROM ${sql.table(table)} x`.execute(
      db.owner,
    )
  ).rows[0]?.t ?? '';

const notice = (title: string, text = '请各位家长准时参加。') =>
  h.call(cookies.admin!, 'POST', '/api/v1/messages', {
    category: 'notice',
    title,
    body: text,
    audience: [{ kind: 'unit', orgUnitId: w.units.class72, roles: ['parent'] }],
    channels: [],
  });

const delivered = (title: string) =>
  eventually(async () =>
    hook.received.find((r) => (JSON.parse(r.body) as { message: { title: string } }).message.title === title),
  );

const signatureOf = (r: Received) => String(r.headers['x-campusbase-signature']);

describe('webhook secrets at rest', () => {
  let secret = '';
  let id = '';

  it('shows the secret once; the row and the list never hold it; a delivery verifies at a real receiver', async () => {
    const created = await h.call(cookies.admin!, 'POST', '/api/v1/messages/webhooks', {
      name: '校园大屏',
      url: `${hook.url}/campusbase`,
    });
    expect(created.status).toBe(201);
    secret = String(created.body.secret);
    id = String(created.body.id);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const stored = await rowText('message_webhooks');
    expect(stored).toContain('v1.');
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(6, 30));
    const list = await h.call(cookies.admin!, 'GET', '/api/v1/messages/webhooks');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect((list.body.items as Array<Record<string, unknown>>)[0]).not.toHaveProperty('secret');

    expect((await notice('家长会通知')).status).toBe(201);
    const request = await delivered('家长会通知');
    expect(request.path).toBe('/campusbase');
    expect(verifyWebhook(secret, request.body, signatureOf(request))).toBe(true);
    expect(verifyWebhook(`${secret}x`, request.body, signatureOf(request))).toBe(false);
  });

  it('rotates: a new secret once, the old one signs on during the grace period, then stops', async () => {
    const rotated = await h.call(cookies.admin!, 'POST', `/api/v1/messages/webhooks/${id}/rotate-secret`, {
      graceMinutes: 60,
    });
    expect(rotated.status).toBe(200);
    const next = String(rotated.body.secret);
    expect(next).not.toBe(secret);
    expect(rotated.body.previousSecretValidUntil).toBeTruthy();
    expect(await rowText('message_webhooks')).not.toContain(next);

    await notice('运动会通知');
    const during = await delivered('运动会通知');
    expect(verifyWebhook(next, during.body, signatureOf(during))).toBe(true);
    expect(verifyWebhook(secret, during.body, signatureOf(during))).toBe(true);

    const last = await h.call(cookies.admin!, 'POST', `/api/v1/messages/webhooks/${id}/rotate-secret`, {
      graceMinutes: 0,
    });
    const newest = String(last.body.secret);
    await notice('放假通知');
    const after = await delivered('放假通知');
    expect(verifyWebhook(newest, after.body, signatureOf(after))).toBe(true);
    expect(verifyWebhook(next, after.body, signatureOf(after))).toBe(false);
    expect(verifyWebhook(secret, after.body, signatureOf(after))).toBe(false);
    const list = await h.call(cookies.admin!, 'GET', '/api/v1/messages/webhooks');
    expect(JSON.stringify(list.body)).not.toContain(newest);
  });

  it('lets no other school see, rotate or turn off the webhook, and no teacher manage it', async () => {
    const theirs = await h.call(cookies.bAdmin!, 'GET', '/api/v1/messages/webhooks');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    const rotate = await h.call(cookies.bAdmin!, 'POST', `/api/v1/messages/webhooks/${id}/rotate-secret`, {});
    expect(rotate.status).toBe(404);
    expect(rotate.body).not.toHaveProperty('secret');
    expect((await h.call(cookies.bAdmin!, 'DELETE', `/api/v1/messages/webhooks/${id}`)).status).toBe(404);
    expect((await h.call(cookies.teacher!, 'GET', '/api/v1/messages/webhooks')).status).toBe(403);
    expect(
      (await h.call(cookies.teacher!, 'POST', `/api/v1/messages/webhooks/${id}/rotate-secret`, {})).status,
    ).toBe(403);
    const audit = await sql<{ action: string }>`
      SELECT action FROM audit_log WHERE tenant_id = ${w.schoolA} AND action LIKE 'messages.webhook.%' ORDER BY seq`.execute(
      db.owner,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'messages.webhook.create',
      'messages.webhook.rotate',
      'messages.webhook.rotate',
    ]);
    expect((await h.call(cookies.admin!, 'DELETE', `/api/v1/messages/webhooks/${id}`)).status).toBe(200);
  });
});

describe('WeCom group robots', () => {
  const robots: Record<string, string> = {};
  const robotUrl = (key: string) => `${wecom.url}/cgi-bin/webhook/send?key=${key}`;
  const register = async (name: string, key: string, extra: Record<string, unknown> = {}) => {
    const r = await h.call(cookies.admin!, 'POST', '/api/v1/messages/wecom-robots', {
      name,
      url: robotUrl(key),
      ...extra,
    });
    expect(r.status).toBe(201);
    robots[name] = String(r.body.id);
    return r;
  };
  const outboxOf = async (messageId: string) =>
    (
      await sql<{
        target: string;
        status: string;
        attempts: number;
        last_error: string | null;
        address: string;
      }>`
        SELECT target, status, attempts, last_error, address FROM message_outbox
        WHERE message_id = ${messageId} AND channel = 'wecom' ORDER BY address`.execute(db.owner)
    ).rows;

  it('registers robots by the address WeCom shows, keeping only the sealed key and its last characters', async () => {
    const made = await register('七年级家长群', KEY7, {
      orgUnitIds: [w.units.grade7],
      categories: ['notice'],
    });
    expect(made.body).toMatchObject({
      keyHint: '0007',
      categories: ['notice'],
      orgUnitIds: [w.units.grade7],
    });
    await register('八年级家长群', KEY8, { orgUnitIds: [w.units.grade8], categories: ['notice'] });
    await register('信息中心运维群', KEY_ALERTS, { categories: ['alert'] });
    const stored = await rowText('message_wecom_robots');
    for (const key of [KEY7, KEY8, KEY_ALERTS]) expect(stored).not.toContain(key);
    const list = await h.call(cookies.admin!, 'GET', '/api/v1/messages/wecom-robots');
    expect(list.body.items).toHaveLength(3);
    expect(JSON.stringify(list.body)).not.toContain(KEY7);
  });

  it('refuses addresses that are not a WeCom robot, and units of another school', async () => {
    for (const url of [
      `https://evil.example.cn/cgi-bin/webhook/send?key=${KEY7}`,
      `${wecom.url}/cgi-bin/webhook/send?key=${KEY7}&x=1`,
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc',
    ]) {
      const r = await h.call(cookies.admin!, 'POST', '/api/v1/messages/wecom-robots', {
        name: '坏地址',
        url,
      });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toContain('Webhook 地址');
    }
    const foreign = await h.call(cookies.admin!, 'POST', '/api/v1/messages/wecom-robots', {
      name: '别校班级',
      url: robotUrl(KEY8),
      orgUnitIds: [w.units.bClass72],
    });
    expect(foreign.status).toBe(400);
    expect((await h.call(cookies.bAdmin!, 'GET', '/api/v1/messages/wecom-robots')).body.items).toEqual([]);
    const patch = await h.call(
      cookies.bAdmin!,
      'PATCH',
      `/api/v1/messages/wecom-robots/${robots['七年级家长群']}`,
      {
        url: robotUrl(KEY_REMOVED),
      },
    );
    expect(patch.status).toBe(404);
    expect((await h.call(cookies.teacher!, 'GET', '/api/v1/messages/wecom-robots')).status).toBe(403);
  });

  it('posts a class notice to the robot of its grade only, as markdown, after WeCom’s rate limit', async () => {
    const sent = await notice('七年级(2)班家长会', '本周五下午三点在学校礼堂召开家长会。');
    expect(sent.status).toBe(201);
    const rows = await outboxOf(String(sent.body.messageId));
    expect(rows.map((r) => r.address)).toEqual(['七年级家长群']);
    expect(rows[0]!.target).toBe(robots['七年级家长群']);
    // The first answer is 45009: the row waits and is tried again.
    const content = await eventually(async () => wecom.messages.get(KEY7)?.[0]);
    expect(content).toContain('**【通知】七年级(2)班家长会**');
    expect(content).toContain('本周五下午三点在学校礼堂召开家长会。');
    const [row] = await eventually(async () => {
      const r = await outboxOf(String(sent.body.messageId));
      return r[0]?.status === 'sent' ? r : null;
    });
    expect(row!.attempts).toBe(2);
    expect(wecom.messages.get(KEY8)).toBeUndefined();
    expect(await rowText('message_outbox')).not.toContain(KEY7);
  });

  it('never posts a message to named people into a group', async () => {
    const sent = await withTenant(db.app, w.schoolA, (trx) =>
      sendMessage(trx, {
        tenantId: w.schoolA,
        sender: { kind: 'platform', module: 'test', name: '教务处' },
        category: 'notice',
        content: freeText({ title: '个人成绩单', body: '李明同学的期中成绩…' }),
        recipients: [w.people.parent1],
        audience: [{ kind: 'people', personIds: [w.people.parent1] }],
        channels: [],
      }),
    );
    expect(await outboxOf(sent.messageId)).toEqual([]);
  });

  it('cuts a long notice to 4096 bytes with a link to the inbox', async () => {
    const before = wecom.messages.get(KEY7)?.length ?? 0;
    await notice('寒假安全告家长书', '一、注意交通安全，遵守交通规则。'.repeat(300));
    const content = await eventually(async () => wecom.messages.get(KEY7)?.[before]);
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(content).toMatch(/\[在消息中心查看全文\]\(http:\/\/localhost:3000\/messages\)$/);
  });

  it('dead-letters a refusal other than the rate limit at once, with WeCom’s reason', async () => {
    await register('已解散的群', KEY_REMOVED, { categories: ['alert'] });
    const sent = await withTenant(db.app, w.schoolA, (trx) =>
      sendMessage(trx, {
        tenantId: w.schoolA,
        sender: { kind: 'platform', module: 'iot', name: '物联网设备告警' },
        category: 'alert',
        priority: 'high',
        content: freeText({ title: '机房温度过高', body: '信息中心机房温度 35℃。' }),
        recipients: [w.people.admin],
        audience: { alarm: 'a-1' },
        shareWithGroups: true,
        channels: [],
      }),
    );
    const content = await eventually(async () => wecom.messages.get(KEY_ALERTS)?.[0]);
    expect(content).toContain('<font color="warning">【重要】</font>**【告警】机房温度过高**');
    const dead = await eventually(async () => {
      const rows = await outboxOf(sent.messageId);
      return rows.find((r) => r.address === '已解散的群' && r.status === 'dead');
    });
    expect(dead.attempts).toBe(1);
    expect(dead.last_error).toContain('errcode 93000');
    const letters = await h.call(cookies.admin!, 'GET', '/api/v1/messages/dead-letters');
    expect(letters.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ channel: 'wecom', address: '已解散的群' })]),
    );
  });

  it('removes a robot with its key', async () => {
    const id = robots['已解散的群']!;
    expect((await h.call(cookies.admin!, 'DELETE', `/api/v1/messages/wecom-robots/${id}`)).status).toBe(200);
    const left = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM message_wecom_robots WHERE id = ${id}`.execute(db.owner);
    expect(left.rows[0]!.n).toBe(0);
  });
});

describe('school sender name', () => {
  it('is set by the school admin and used as the From name of its email', async () => {
    const put = await h.call(cookies.admin!, 'PUT', '/api/v1/messages/sender', { emailName: '凤林小学' });
    expect(put.status).toBe(200);
    expect((await h.call(cookies.admin!, 'GET', '/api/v1/messages/sender')).body).toEqual({
      emailName: '凤林小学',
    });
    const bad = await h.call(cookies.admin!, 'PUT', '/api/v1/messages/sender', {
      emailName: 'x\r\nBcc: a@b.cn',
    });
    expect(bad.status).toBe(400);
    expect(
      (await h.call(cookies.teacher!, 'PUT', '/api/v1/messages/sender', { emailName: '假冒' })).status,
    ).toBe(403);
    const names = await schoolSenderNames(db.owner, [
      { tenantId: w.schoolA, target: w.people.parent1 },
      { tenantId: w.schoolB, target: w.people.bParent },
    ]);
    expect(names.get(`${w.schoolA}:${w.people.parent1}`)).toEqual({ fromName: '凤林小学' });
    expect(names.has(`${w.schoolB}:${w.people.bParent}`)).toBe(false);
  });
});
