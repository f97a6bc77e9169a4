import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { type DemoSeedStep, demoSeedSteps } from '../seed/demo.ts';
import { resolveAudience } from './audience.ts';
import { freeText, render } from './render.ts';
import { type Sender, sendMessage } from './send.ts';
import { SENDER_SETTING } from './sender.repository.ts';
import { BUILT_IN_TEMPLATES } from './render.ts';

async function classUnit(trx: Kysely<Database>, tenantId: string, name: string) {
  return trx
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'class')
    .where('name', '=', name)
    .executeTakeFirst();
}

/**
 * Realistic messages in the demo schools: a mid-term notice from the head teacher of 七年级(2)班
 * to its parents (some have read it, some not), a to-do and an approval for her, a device alert for
 * the admins, and a sports-day notice in the primary school (so a parent with a child in each
 * school sees both in one inbox). Idempotency keys make re-running it a no-op.
 */
export const messagesDemoStep: DemoSeedStep = {
  name: 'messages',
  async run(db, tenants, logger) {
    const middle = tenants.get('school-middle');
    const primary = tenants.get('school-primary');
    if (!middle || !primary) return;
    await withTenant(db, middle, async (trx) => {
      const school = await trx
        .selectFrom('tenants')
        .select(['id', 'kind', 'path'])
        .where('id', '=', middle)
        .executeTakeFirstOrThrow();
      const unit = await classUnit(trx, middle, '七年级(2)班');
      if (!unit) return logger.debug('messages demo: no 七年级(2)班 yet');
      const head = await trx
        .selectFrom('role_grants as g')
        .innerJoin('persons as p', 'p.id', 'g.person_id')
        .select(['p.id', 'p.display_name'])
        .where('g.tenant_id', '=', middle)
        .where('g.role_key', '=', 'head_teacher')
        .where('g.org_unit_id', '=', unit.id)
        .where('g.revoked_at', 'is', null)
        .executeTakeFirst();
      const parents = await resolveAudience(trx, db, school, [
        { kind: 'unit', orgUnitId: unit.id, roles: ['parent', 'student'], includeDescendants: true },
      ]);
      const academic: Sender = { kind: 'platform', module: 'academic', name: '教务处' };
      const teacher: Sender = head
        ? { kind: 'person', personId: head.id, name: head.display_name }
        : academic;
      const notice = await sendMessage(trx, {
        tenantId: middle,
        sender: teacher,
        category: 'notice',
        content: render(BUILT_IN_TEMPLATES['exam.schedule']!, {
          examName: '2026 学年第一学期期中考试',
          dates: '11 月 25 日至 26 日',
          arrival: '7:20 前',
          className: '七年级(2)班',
          teacher: head?.display_name ?? '班主任',
        }),
        templateKey: 'exam.schedule',
        recipients: [...parents.recipients.keys()],
        audience: [{ kind: 'unit', orgUnitId: unit.id, roles: ['parent', 'student'] }],
        channels: [],
        receipts: true,
        idempotencyKey: 'demo:midterm-notice',
      });
      if (!notice.duplicate) {
        // About half the parents have read it already, so the 未读名单 has names on it.
        await sql`
          UPDATE message_deliveries SET read_at = now() - interval '2 hours'
          WHERE tenant_id = ${middle} AND message_id = ${notice.messageId}
            AND person_id IN (SELECT person_id FROM message_deliveries WHERE tenant_id = ${middle} AND message_id = ${notice.messageId}
                              ORDER BY person_id LIMIT ${Math.min(notice.recipientCount - 1, Math.max(1, Math.floor(notice.recipientCount / 2)))})`.execute(
          trx,
        );
      }
      if (head) {
        await sendMessage(trx, {
          tenantId: middle,
          sender: academic,
          category: 'todo',
          priority: 'high',
          content: freeText({
            title: '请于周五前提交七年级(2)班期中考试座位表',
            body: '请在「教务」中上传座位表，考务组将统一打印。',
          }),
          recipients: [head.id],
          deepLink: '/workbench',
          channels: [],
          idempotencyKey: 'demo:seating-plan',
        });
        await sendMessage(trx, {
          tenantId: middle,
          sender: { kind: 'platform', module: 'workflow', name: '请假审批' },
          category: 'approval',
          content: freeText({
            title: '王子涵的请假申请待您审批',
            body: '病假：11 月 21 日全天。家长已上传就诊证明。',
          }),
          recipients: [head.id],
          channels: [],
          idempotencyKey: 'demo:leave-approval',
        });
      }
      const admins = await resolveAudience(trx, db, school, [{ kind: 'school', roles: ['admin'] }]);
      await sendMessage(trx, {
        tenantId: middle,
        sender: { kind: 'platform', module: 'iot', name: '物联网设备告警' },
        category: 'alert',
        priority: 'urgent',
        content: render(BUILT_IN_TEMPLATES['iot.alarm']!, {
          deviceName: '实验楼 3 层烟感',
          ruleName: '烟雾浓度超限',
          field: 'smoke',
          value: 0.42,
          severity: '严重',
          time: '2026/11/21 09:12:05',
        }),
        recipients: [...admins.recipients.keys()],
        deepLink: '/devices',
        channels: [],
        idempotencyKey: 'demo:smoke-alarm',
      });
    });
    await withTenant(db, primary, async (trx) => {
      const school = await trx
        .selectFrom('tenants')
        .select(['id', 'kind', 'path'])
        .where('id', '=', primary)
        .executeTakeFirstOrThrow();
      const parents = await resolveAudience(trx, db, school, [{ kind: 'school', roles: ['parent'] }]);
      if (parents.recipients.size === 0) return;
      await sendMessage(trx, {
        tenantId: primary,
        sender: { kind: 'platform', module: 'office', name: '学校办公室' },
        category: 'notice',
        priority: 'low',
        content: freeText({
          title: '凤岭实验小学秋季运动会通知',
          body: '11 月 28 日（周五）举行秋季运动会，请为孩子准备运动服和水杯。',
        }),
        recipients: [...parents.recipients.keys()],
        channels: [],
        receipts: true,
        idempotencyKey: 'demo:sports-day',
      });
    });
  },
};

/** The demo schools sign their email with their own short names (消息设置 → 发件人名称). */
export const senderDemoStep: DemoSeedStep = {
  name: 'messages.sender',
  async run(db, tenants) {
    for (const [key, emailName] of [
      ['school-primary', '凤岭实验小学'],
      ['school-middle', '邕江初级中学'],
    ] as const) {
      const tenantId = tenants.get(key);
      if (!tenantId) continue;
      // An admin's own choice is kept when the seed runs again.
      await db
        .insertInto('tenant_settings')
        .values({ tenant_id: tenantId, key: SENDER_SETTING, value: JSON.stringify({ emailName }) })
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .execute();
    }
  },
};

demoSeedSteps.push(messagesDemoStep, senderDemoStep);
