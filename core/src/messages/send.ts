import { InputError } from '@campusbase/plugin-sdk/errors';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { isUuid } from '../db/tenant-scope.ts';
import type { Category, ChannelPreferences, MessageContent, Priority } from './messages.table.ts';
import { DEFAULT_QUOTAS, type QuotaRules, takeQuota } from './quotas.ts';
import { groupRobots } from './robots.repository.ts';
import {
  DEFAULT_PREFERENCES,
  defaultChannels,
  DIGEST_MINUTE,
  goesToDigest,
  nextLocal,
  type PersonPreferences,
  smsNotBefore,
  wantsChannel,
} from './schedule.ts';

/** Who a message is from. Apps send as their installation; core modules as the platform. */
export type Sender =
  | { kind: 'platform'; module: string; name: string }
  | { kind: 'person'; personId: string; name: string }
  | { kind: 'app'; installationId: string; appId: string; name: string };

export interface SendInput {
  tenantId: string;
  sender: Sender;
  category: Category;
  priority?: Priority;
  content: MessageContent;
  /** Resolved person ids (see resolveAudience); duplicates are sent once. */
  recipients: ReadonlyArray<string>;
  /** What the sender chose, kept for the sent list and receipts. */
  audience?: unknown;
  templateKey?: string | null;
  /** A path inside the portal, e.g. `/apps/attendance/leave/123`. */
  deepLink?: string | null;
  /** External channels besides the inbox; the category's defaults when absent. */
  channels?: ReadonlyArray<'email' | 'sms'>;
  /** Track who has read it (notices from teachers). */
  receipts?: boolean;
  /** Producers pass one so a retried send is stored once: the same key returns the first message. */
  idempotencyKey?: string;
  reminderOf?: string;
  /**
   * Also post to the school's WeCom group robots although the audience is not a group (a unit or
   * the school): for school-level facts such as device alarms. Messages to named people never go
   * to group chats otherwise.
   */
  shareWithGroups?: boolean;
}

export interface SendResult {
  messageId: string;
  recipientCount: number;
  /** True when the idempotency key matched an earlier send; nothing new was written. */
  duplicate: boolean;
}

export interface SendOptions {
  quotas?: QuotaRules;
  now?: Date;
}

/** The NOTIFY channels: a new message for the inbox streams, new outbox rows for the workers. */
export const MESSAGES_CHANNEL = 'cb_messages';
export const OUTBOX_CHANNEL = 'cb_outbox';

export function senderKey(sender: Sender): string {
  switch (sender.kind) {
    case 'platform':
      return `platform:${sender.module}`;
    case 'person':
      return `person:${sender.personId}`;
    case 'app':
      return `app:${sender.installationId}`;
  }
}

async function ensureTenantScope(trx: Transaction<Database>, tenantId: string): Promise<void> {
  if (!isUuid(tenantId))
    throw new InputError({ zh: '学校编号格式不正确', en: `Tenant id is not a UUID: ${tenantId}` });
  const { rows } = await sql<{
    t: string | null;
  }>`SELECT nullif(current_setting('app.tenant_id', true), '') AS t`.execute(trx);
  const current = rows[0]?.t ?? null;
  if (current === null) {
    await sql.raw(`SET LOCAL app.tenant_id = '${tenantId.toLowerCase()}'`).execute(trx);
  } else if (current !== tenantId.toLowerCase()) {
    throw new Error(`sendMessage: the transaction is scoped to tenant ${current}, not ${tenantId}`);
  }
}

type OutboxDraft = {
  channel: 'email' | 'sms' | 'webhook' | 'wecom';
  target: string;
  address: string;
  digest: boolean;
  notBefore: Date;
};

async function personDrafts(
  trx: Transaction<Database>,
  input: SendInput,
  recipients: string[],
  now: Date,
): Promise<OutboxDraft[]> {
  const priority = input.priority ?? 'normal';
  const channels = input.channels ?? defaultChannels(input.category, priority);
  if (channels.length === 0) return [];
  const { rows } = await sql<{
    id: string;
    email: string | null;
    phone: string | null;
    channels: ChannelPreferences | null;
    quiet_start: number | null;
    quiet_end: number | null;
    digest_low: boolean | null;
  }>`
    SELECT p.id, p.email, p.phone, pr.channels, pr.quiet_start, pr.quiet_end, pr.digest_low
    FROM persons p LEFT JOIN message_preferences pr ON pr.person_id = p.id
    WHERE p.id = ANY(${recipients}::uuid[]) AND (p.email IS NOT NULL OR p.phone IS NOT NULL)`.execute(trx);
  const drafts: OutboxDraft[] = [];
  for (const row of rows) {
    const prefs: PersonPreferences = row.channels
      ? {
          channels: row.channels,
          quietStart: row.quiet_start ?? DEFAULT_PREFERENCES.quietStart,
          quietEnd: row.quiet_end ?? DEFAULT_PREFERENCES.quietEnd,
          digestLow: row.digest_low ?? true,
        }
      : DEFAULT_PREFERENCES;
    if (channels.includes('email') && row.email && wantsChannel(prefs, input.category, 'email')) {
      const digest = goesToDigest(priority, prefs);
      drafts.push({
        channel: 'email',
        target: row.id,
        address: row.email,
        digest,
        notBefore: digest ? nextLocal(now, DIGEST_MINUTE) : now,
      });
    }
    // Low priority never costs an SMS.
    if (
      channels.includes('sms') &&
      row.phone &&
      priority !== 'low' &&
      wantsChannel(prefs, input.category, 'sms')
    ) {
      drafts.push({
        channel: 'sms',
        target: row.id,
        address: row.phone,
        digest: false,
        notBefore: smsNotBefore(now, input.category, prefs),
      });
    }
  }
  return drafts;
}

/**
 * Writes a message, its inbox deliveries and its outbox rows in the caller's transaction, so
 * they commit or roll back with the business change. The inbox streams and the channel workers
 * are told by NOTIFY, which PostgreSQL delivers only on commit.
 *
 * The transaction must be scoped to `tenantId` (withTenant) or to no tenant yet; it is then
 * scoped to it. Recipients must already be resolved inside that school (resolveAudience).
 *
 * @example
 * await withTenant(db.app, tenantId, async (trx) => {
 *   await approveLeave(trx, leaveId);
 *   await sendMessage(trx, { tenantId, sender, category: 'approval', content, recipients: [studentId],
 *     idempotencyKey: `leave:${leaveId}:approved` });
 * });
 */
export async function sendMessage(
  trx: Transaction<Database>,
  input: SendInput,
  options: SendOptions = {},
): Promise<SendResult> {
  await ensureTenantScope(trx, input.tenantId);
  const now = options.now ?? new Date();
  const recipients = [...new Set(input.recipients)];
  const key = senderKey(input.sender);
  const priority = input.priority ?? 'normal';
  const inserted = await trx
    .insertInto('messages')
    .values({
      tenant_id: input.tenantId,
      category: input.category,
      priority,
      sender_kind: input.sender.kind,
      sender_key: key,
      sender_person_id: input.sender.kind === 'person' ? input.sender.personId : null,
      sender_installation_id: input.sender.kind === 'app' ? input.sender.installationId : null,
      sender_name: input.sender.name.slice(0, 200),
      content: JSON.stringify(input.content),
      deep_link: input.deepLink ?? null,
      template_key: input.templateKey ?? null,
      audience: JSON.stringify(input.audience ?? null),
      channels: [...(input.channels ?? defaultChannels(input.category, priority))],
      recipient_count: recipients.length,
      receipts: input.receipts ?? false,
      reminder_of: input.reminderOf ?? null,
      idempotency_key: input.idempotencyKey ?? null,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'sender_key', 'idempotency_key'])
        .where('idempotency_key', 'is not', null)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const first = await trx
      .selectFrom('messages')
      .select(['id', 'recipient_count'])
      .where('tenant_id', '=', input.tenantId)
      .where('sender_key', '=', key)
      .where('idempotency_key', '=', input.idempotencyKey ?? '')
      .executeTakeFirstOrThrow();
    return { messageId: first.id, recipientCount: first.recipient_count, duplicate: true };
  }
  const messageId = inserted.id;
  await takeQuota(
    trx,
    input.tenantId,
    key,
    (options.quotas ?? DEFAULT_QUOTAS)[input.sender.kind],
    recipients.length,
    now,
  );

  if (recipients.length > 0) {
    await sql`
      INSERT INTO message_deliveries (tenant_id, message_id, person_id, category, priority)
      SELECT ${input.tenantId}::uuid, ${messageId}::uuid, r, ${input.category}, ${priority}
      FROM unnest(${recipients}::uuid[]) AS r`.execute(trx);
  }

  const drafts = recipients.length > 0 ? await personDrafts(trx, input, recipients, now) : [];
  const hooks = await trx
    .selectFrom('message_webhooks')
    .select(['id', 'url'])
    .where('tenant_id', '=', input.tenantId)
    .where('active', '=', true)
    .where(sql<boolean>`${input.category} = ANY(categories)`)
    .execute();
  for (const hook of hooks) {
    drafts.push({ channel: 'webhook', target: hook.id, address: hook.url, digest: false, notBefore: now });
  }
  for (const robot of await groupRobots(trx, input)) {
    drafts.push({ channel: 'wecom', target: robot.id, address: robot.name, digest: false, notBefore: now });
  }
  if (drafts.length > 0) {
    await sql`
      INSERT INTO message_outbox (tenant_id, message_id, channel, target, address, digest, next_attempt_at)
      SELECT ${input.tenantId}::uuid, ${messageId}::uuid, d.channel, d.target, d.address, d.digest, d.not_before
      FROM unnest(${drafts.map((d) => d.channel)}::text[], ${drafts.map((d) => d.target)}::uuid[],
                  ${drafts.map((d) => d.address)}::text[], ${drafts.map((d) => d.digest)}::boolean[],
                  ${drafts.map((d) => d.notBefore.toISOString())}::timestamptz[])
        AS d(channel, target, address, digest, not_before)`.execute(trx);
    const channels = [...new Set(drafts.map((d) => d.channel))].join(',');
    await sql`SELECT pg_notify(${OUTBOX_CHANNEL}, ${channels})`.execute(trx);
  }
  if (recipients.length > 0) {
    await sql`SELECT pg_notify(${MESSAGES_CHANNEL}, ${`${input.tenantId}:${messageId}`})`.execute(trx);
  }
  return { messageId, recipientCount: recipients.length, duplicate: false };
}
