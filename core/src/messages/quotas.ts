import { LimitError } from '@campusbase/plugin-sdk/errors';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { SenderKind } from './messages.table.ts';

export interface QuotaRule {
  messagesPerHour: number;
  recipientsPerDay: number;
}

export type QuotaRules = Record<SenderKind, QuotaRule | null>;

/** Apps are held tightest; a person may still write to the whole school a few times a day. */
export const DEFAULT_QUOTAS: QuotaRules = {
  app: { messagesPerHour: 100, recipientsPerDay: 20_000 },
  person: { messagesPerHour: 60, recipientsPerDay: 20_000 },
  platform: null,
};

/**
 * Counts a send against the sender's hourly and daily windows, in the sender's transaction: a
 * refused or failed send rolls its count back with it, and concurrent sends on several nodes
 * serialise on the counter row.
 */
export async function takeQuota(
  trx: Transaction<Database>,
  tenantId: string,
  senderKey: string,
  rule: QuotaRule | null,
  recipients: number,
  now = new Date(),
): Promise<void> {
  if (!rule) return;
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const day = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
  const { rows } = await sql<{ window_kind: 'hour' | 'day'; messages: number; recipients: number }>`
    INSERT INTO message_quota_usage (tenant_id, sender_key, window_kind, window_start, messages, recipients)
    VALUES (${tenantId}, ${senderKey}, 'hour', ${hour}, 1, ${recipients}),
           (${tenantId}, ${senderKey}, 'day', ${day}, 1, ${recipients})
    ON CONFLICT (tenant_id, sender_key, window_kind, window_start) DO UPDATE
      SET messages = message_quota_usage.messages + 1,
          recipients = message_quota_usage.recipients + excluded.recipients
    RETURNING window_kind, messages, recipients`.execute(trx);
  const hourly = rows.find((r) => r.window_kind === 'hour');
  const daily = rows.find((r) => r.window_kind === 'day');
  if (hourly && hourly.messages > rule.messagesPerHour) {
    throw new LimitError(
      {
        zh: `发送过于频繁：每小时最多发送 ${rule.messagesPerHour} 条消息，请稍后再试`,
        en: `Too many messages: at most ${rule.messagesPerHour} per hour from one sender. Try again later`,
      },
      {
        retryAfterSeconds: Math.ceil((hour.getTime() + 3_600_000 - now.getTime()) / 1000),
        details: { limit: rule.messagesPerHour, window: 'hour' },
        code: 'message_quota_exceeded',
      },
    );
  }
  if (daily && daily.recipients > rule.recipientsPerDay) {
    throw new LimitError(
      {
        zh: `今日发送人次已达上限（${rule.recipientsPerDay} 人次），请明天再发或联系学校管理员`,
        en: `The daily limit of ${rule.recipientsPerDay} recipients for this sender is reached. Send tomorrow or ask the school admin`,
      },
      {
        retryAfterSeconds: Math.ceil((day.getTime() + 86_400_000 - now.getTime()) / 1000),
        details: { limit: rule.recipientsPerDay, window: 'day' },
        code: 'message_quota_exceeded',
      },
    );
  }
}
