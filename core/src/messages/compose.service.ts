import { ConflictError, ForbiddenError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { type AudiencePart, audienceCounts, resolveAudience, type SenderTenant } from './audience.ts';
import type { Category, MessageContent, Priority } from './messages.table.ts';
import type { QuotaRules } from './quotas.ts';
import { freeText, render, type Variables } from './render.ts';
import { type SendResult, sendMessage } from './send.ts';
import { loadTemplate } from './templates.repository.ts';

/** The slice of the request principal that sending needs. */
export interface Composer {
  personId: string;
  displayName: string;
  activeTenantId: string;
  tenantKind: string | null;
  tenantPath: string | null;
  can(permission: string, unitPath?: string | null): boolean;
  holdsAnywhere(permission: string): boolean;
}

export interface ComposeInput {
  category: Category;
  priority?: Priority;
  audience: AudiencePart[];
  title?: string;
  body?: string;
  en?: { title: string; body: string };
  template?: { key: string; variables: Variables };
  deepLink?: string | null;
  channels?: Array<'email' | 'sms'>;
  receipts?: boolean;
  idempotencyKey?: string;
}

function senderTenant(me: Composer): SenderTenant {
  return {
    id: me.activeTenantId,
    kind: me.tenantKind ?? 'school',
    path: me.tenantPath ?? `/${me.activeTenantId}/`,
  };
}

const refuse = () =>
  new ForbiddenError(
    {
      zh: '您没有向这些人发送消息的权限（messages:send）。班主任只能发给本班，全校群发需学校管理员',
      en: 'You may not send messages to this audience (messages:send). Head teachers reach their own class; school-wide notices need a school admin',
    },
    { permission: 'messages:send' },
  );

/** A person may send to a unit they hold messages:send over; anything school-wide needs it school-wide. */
export function authorizeAudience(
  me: Composer,
  parts: ReadonlyArray<AudiencePart>,
  unitPaths: Map<string, string>,
) {
  for (const part of parts) {
    const ok =
      part.kind === 'unit'
        ? me.can('messages:send', unitPaths.get(part.orgUnitId) ?? null)
        : part.kind === 'headTeacherOf'
          ? me.holdsAnywhere('messages:send')
          : me.can('messages:send');
    if (!ok) throw refuse();
  }
}

export async function previewAudience(app: Kysely<Database>, me: Composer, parts: AudiencePart[]) {
  return withTenant(app, me.activeTenantId, async (trx) => {
    const resolved = await resolveAudience(trx, app, senderTenant(me), parts);
    authorizeAudience(me, parts, resolved.unitPaths);
    return { ...audienceCounts(resolved), excluded: resolved.excluded };
  });
}

async function contentFor(trx: Transaction<Database>, tenantId: string, input: ComposeInput) {
  if (input.template)
    return render(await loadTemplate(trx, tenantId, input.template.key), input.template.variables);
  return freeText({ title: input.title ?? '', body: input.body ?? '' }, input.en);
}

/** Composes and sends a notice from a person, in one transaction with its audience resolution. */
export async function composeAndSend(
  app: Kysely<Database>,
  me: Composer,
  input: ComposeInput,
  quotas?: QuotaRules,
): Promise<SendResult> {
  return withTenant(app, me.activeTenantId, async (trx) => {
    const resolved = await resolveAudience(trx, app, senderTenant(me), input.audience);
    authorizeAudience(me, input.audience, resolved.unitPaths);
    return sendMessage(
      trx,
      {
        tenantId: me.activeTenantId,
        sender: { kind: 'person', personId: me.personId, name: me.displayName },
        category: input.category,
        priority: input.priority ?? 'normal',
        content: await contentFor(trx, me.activeTenantId, input),
        templateKey: input.template?.key ?? null,
        recipients: [...resolved.recipients.keys()],
        audience: input.audience,
        deepLink: input.deepLink ?? null,
        ...(input.channels ? { channels: input.channels } : {}),
        receipts: input.receipts ?? input.category === 'notice',
        ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      },
      quotas ? { quotas } : {},
    );
  });
}

async function ownMessage(trx: Transaction<Database>, me: Composer, messageId: string) {
  const message = await trx
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', me.activeTenantId)
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!message)
    throw new NotFoundError({ zh: '消息不存在', en: `Message ${messageId} does not exist in this school` });
  if (message.sender_person_id !== me.personId && !me.can('messages:send')) {
    throw new ForbiddenError({
      zh: '只有发送人和学校管理员可以查看阅读情况',
      en: 'Only the sender and school admins see who has read a message',
    });
  }
  return message;
}

export interface Receipt {
  personId: string;
  name: string;
  /** For a parent: the children in this school, e.g. 李明 (so a head teacher knows whose parent). */
  children: string[];
  readAt: string | null;
}

/** Who has read a message and who has not (未读名单), for its sender. */
export async function receipts(app: Kysely<Database>, me: Composer, messageId: string) {
  return withTenant(app, me.activeTenantId, async (trx) => {
    const message = await ownMessage(trx, me, messageId);
    const { rows } = await sql<{
      person_id: string;
      name: string;
      read_at: Date | null;
      children: string[] | null;
    }>`
      SELECT d.person_id, p.display_name AS name, d.read_at,
        (SELECT array_agg(s.display_name ORDER BY s.display_name) FROM guardianships g JOIN persons s ON s.id = g.student_person_id
          WHERE g.tenant_id = d.tenant_id AND g.guardian_person_id = d.person_id) AS children
      FROM message_deliveries d JOIN persons p ON p.id = d.person_id
      WHERE d.tenant_id = ${me.activeTenantId} AND d.message_id = ${messageId}
      ORDER BY d.read_at NULLS FIRST, p.display_name
      LIMIT 20000`.execute(trx);
    const view = (r: (typeof rows)[number]): Receipt => ({
      personId: r.person_id,
      name: r.name,
      children: r.children ?? [],
      readAt: r.read_at?.toISOString() ?? null,
    });
    const read = rows.filter((r) => r.read_at).map(view);
    const unread = rows.filter((r) => !r.read_at).map(view);
    return {
      messageId,
      total: message.recipient_count,
      readCount: read.length,
      unreadCount: unread.length,
      read,
      unread,
    };
  });
}

/** Sends a reminder to everyone who has not read a message yet; at most once every 10 minutes. */
export async function remindUnread(
  app: Kysely<Database>,
  me: Composer,
  messageId: string,
  channels: Array<'email' | 'sms'> | undefined,
  quotas?: QuotaRules,
): Promise<SendResult> {
  return withTenant(app, me.activeTenantId, async (trx) => {
    const message = await ownMessage(trx, me, messageId);
    const last = await trx
      .selectFrom('messages')
      .select('created_at')
      .where('tenant_id', '=', me.activeTenantId)
      .where('reminder_of', '=', messageId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (last && Date.now() - last.created_at.getTime() < 10 * 60_000) {
      throw new ConflictError(
        {
          zh: '10 分钟内已经提醒过一次，请稍后再提醒',
          en: 'A reminder went out less than 10 minutes ago; remind again later',
        },
        undefined,
        'reminded_recently',
      );
    }
    const unread = await trx
      .selectFrom('message_deliveries')
      .select('person_id')
      .where('tenant_id', '=', me.activeTenantId)
      .where('message_id', '=', messageId)
      .where('read_at', 'is', null)
      .execute();
    const original = message.content;
    const set = await loadTemplate(trx, me.activeTenantId, 'message.reminder');
    const content: MessageContent = {
      'zh-CN': render({ 'zh-CN': set['zh-CN'] }, { title: original['zh-CN'].title })['zh-CN'],
    };
    if (set.en)
      content.en = render({ 'zh-CN': set.en }, { title: (original.en ?? original['zh-CN']).title })['zh-CN'];
    return sendMessage(
      trx,
      {
        tenantId: me.activeTenantId,
        sender: { kind: 'person', personId: me.personId, name: me.displayName },
        category: message.category,
        priority: message.priority,
        content,
        templateKey: 'message.reminder',
        recipients: unread.map((u) => u.person_id),
        deepLink: message.deep_link ?? `/messages/${messageId}`,
        channels: channels ?? (message.channels as Array<'email' | 'sms'>),
        reminderOf: messageId,
      },
      quotas ? { quotas } : {},
    );
  });
}

export async function listSent(app: Kysely<Database>, me: Composer, limit = 50) {
  return withTenant(app, me.activeTenantId, async (trx) => {
    const { rows } = await sql<{
      id: string;
      category: Category;
      priority: Priority;
      title: string;
      recipient_count: number;
      read_count: number;
      receipts: boolean;
      created_at: Date;
    }>`
      SELECT m.id, m.category, m.priority, m.content->'zh-CN'->>'title' AS title, m.recipient_count, m.receipts, m.created_at,
        (SELECT count(*) FROM message_deliveries d WHERE d.tenant_id = m.tenant_id AND d.message_id = m.id AND d.read_at IS NOT NULL)::int AS read_count
      FROM messages m
      WHERE m.tenant_id = ${me.activeTenantId} AND m.sender_key = ${`person:${me.personId}`}
      ORDER BY m.created_at DESC LIMIT ${limit}`.execute(trx);
    return rows.map((r) => ({
      id: r.id,
      category: r.category,
      priority: r.priority,
      title: r.title,
      recipientCount: r.recipient_count,
      readCount: r.read_count,
      receipts: r.receipts,
      createdAt: r.created_at.toISOString(),
    }));
  });
}
