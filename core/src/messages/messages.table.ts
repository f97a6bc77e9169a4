import type { ColumnType, Generated, Selectable } from 'kysely';

export const CATEGORIES = ['notice', 'todo', 'alert', 'approval'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const EXTERNAL_CHANNELS = ['email', 'sms', 'webhook', 'wecom'] as const;
export const PERSON_CHANNELS = ['inapp', 'email', 'sms'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number];
export type PersonChannel = (typeof PERSON_CHANNELS)[number];
export type SenderKind = 'platform' | 'person' | 'app';
export type MessageLocale = 'zh-CN' | 'en';

/** One rendered version of a message. */
export interface RenderedContent {
  title: string;
  text: string;
  html: string;
}

/** The rendered text per locale; zh-CN is always present. */
export type MessageContent = { 'zh-CN': RenderedContent } & Partial<Record<MessageLocale, RenderedContent>>;

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface MessagesTable {
  tenant_id: string;
  id: Generated<string>;
  category: Category;
  priority: Priority;
  sender_kind: SenderKind;
  sender_key: string;
  sender_person_id: string | null;
  sender_installation_id: string | null;
  sender_name: string;
  content: Json<MessageContent>;
  deep_link: string | null;
  template_key: string | null;
  audience: Json<unknown>;
  channels: string[];
  recipient_count: number;
  receipts: boolean;
  reminder_of: string | null;
  idempotency_key: string | null;
  created_at: CreatedAt;
}

export interface MessageDeliveriesTable {
  tenant_id: string;
  message_id: string;
  person_id: string;
  seq: Generated<number>;
  category: Category;
  priority: Priority;
  created_at: CreatedAt;
  read_at: Date | null;
  archived_at: Date | null;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dead';

export interface MessageOutboxTable {
  tenant_id: string;
  id: Generated<number>;
  message_id: string;
  channel: ExternalChannel;
  target: string;
  address: string;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  digest: ColumnType<boolean, boolean | undefined, boolean>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  last_error: string | null;
  provider: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
}

export interface MessageTemplatesTable {
  tenant_id: string;
  key: string;
  locale: MessageLocale;
  title: string;
  text: string;
  html: string | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface MessageWebhooksTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  url: string;
  /** The signing secret, sealed (messages/sealing.ts); never stored or shown in plain text. */
  secret_sealed: string;
  /** After a rotation: the previous secret, also signed with until previous_valid_until. */
  previous_secret_sealed: string | null;
  previous_valid_until: Date | null;
  secret_rotated_at: Date | null;
  categories: ColumnType<Category[], Category[] | undefined, Category[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

export interface MessageWecomRobotsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  /** The robot's webhook key, sealed; the send URL is rebuilt from it. */
  key_sealed: string;
  /** The key's last four characters, to tell robots apart. */
  key_hint: string;
  categories: ColumnType<Category[], Category[] | undefined, Category[]>;
  /** Empty: messages to groups anywhere in the school; else only those naming these units (or below). */
  org_unit_ids: ColumnType<string[], string[] | undefined, string[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  key_rotated_at: Date | null;
}

export interface MessageQuotaUsageTable {
  tenant_id: string;
  sender_key: string;
  window_kind: 'hour' | 'day';
  window_start: Date;
  messages: ColumnType<number, number | undefined, number>;
  recipients: ColumnType<number, number | undefined, number>;
}

/** category → channel → enabled; a missing entry means enabled. */
export type ChannelPreferences = Partial<Record<Category, Partial<Record<'email' | 'sms', boolean>>>>;

export interface MessagePreferencesTable {
  person_id: string;
  channels: Json<ChannelPreferences>;
  /** Minutes after midnight in the school's time zone. */
  quiet_start: ColumnType<number, number | undefined, number>;
  quiet_end: ColumnType<number, number | undefined, number>;
  digest_low: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type Message = Selectable<MessagesTable>;
export type Delivery = Selectable<MessageDeliveriesTable>;
export type OutboxRow = Selectable<MessageOutboxTable>;

export interface MessagesTables {
  messages: MessagesTable;
  message_deliveries: MessageDeliveriesTable;
  message_outbox: MessageOutboxTable;
  message_templates: MessageTemplatesTable;
  message_webhooks: MessageWebhooksTable;
  message_wecom_robots: MessageWecomRobotsTable;
  message_quota_usage: MessageQuotaUsageTable;
  message_preferences: MessagePreferencesTable;
}
