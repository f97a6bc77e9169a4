import { z } from '@hono/zod-openapi';
import { CATEGORIES, EXTERNAL_CHANNELS, PRIORITIES } from '../messages.table.ts';

export const CategorySchema = z
  .enum(CATEGORIES)
  .openapi({ description: 'notice 通知 · todo 待办 · alert 告警 · approval 审批' });
export const PrioritySchema = z.enum(PRIORITIES);
export const ChannelsSchema = z
  .array(z.enum(['email', 'sms']))
  .max(2)
  .openapi({ description: 'External channels besides the inbox; the category default when omitted' });
export const DeepLinkSchema = z
  .string()
  .regex(/^\/[^/\\]/, 'must be a path inside the portal, such as /apps/attendance/leave/123')
  .max(500);

export const InboxItemSchema = z
  .object({
    id: z.string().openapi({ description: 'The inbox entry id; also the SSE event id' }),
    messageId: z.uuid(),
    tenantId: z.uuid(),
    category: CategorySchema,
    priority: PrioritySchema,
    title: z.string().openapi({ example: '关于期中考试安排的通知' }),
    summary: z.string(),
    deepLink: z.string().nullable(),
    sender: z.object({ kind: z.enum(['platform', 'person', 'app']), name: z.string() }),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    archivedAt: z.string().nullable(),
    receipts: z.boolean(),
  })
  .openapi('InboxItem');

export const InboxEntrySchema = InboxItemSchema.extend({ text: z.string(), html: z.string() }).openapi(
  'InboxEntry',
);

export const UnreadSchema = z
  .object({ total: z.number().int(), byCategory: z.record(z.string(), z.number().int()) })
  .openapi('UnreadCount');

export const SendResultSchema = z
  .object({ messageId: z.uuid(), recipientCount: z.number().int(), duplicate: z.boolean() })
  .openapi('SendResult');

export const PreviewSchema = z
  .object({
    total: z.number().int().openapi({ description: 'People reached, each once', example: 412 }),
    byRole: z.record(z.string(), z.number().int()).openapi({ example: { parent: 412 } }),
    excluded: z
      .number()
      .int()
      .openapi({ description: 'Named people who are not in this school and were left out' }),
  })
  .openapi('AudiencePreview');

const ReceiptSchema = z.object({
  personId: z.uuid(),
  name: z.string(),
  children: z.array(z.string()),
  readAt: z.string().nullable(),
});

export const ReceiptsSchema = z
  .object({
    messageId: z.uuid(),
    total: z.number().int(),
    readCount: z.number().int(),
    unreadCount: z.number().int(),
    read: z.array(ReceiptSchema),
    unread: z.array(ReceiptSchema).openapi({ description: '未读名单' }),
  })
  .openapi('Receipts');

export const SentItemSchema = z
  .object({
    id: z.uuid(),
    category: CategorySchema,
    priority: PrioritySchema,
    title: z.string(),
    recipientCount: z.number().int(),
    readCount: z.number().int(),
    receipts: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('SentMessage');

export const PreferencesSchema = z
  .object({
    channels: z
      .partialRecord(CategorySchema, z.object({ email: z.boolean().optional(), sms: z.boolean().optional() }))
      .openapi({
        description: 'category → channel → enabled; missing means enabled. The inbox is always on.',
      }),
    quietHours: z
      .object({
        start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
      })
      .openapi({
        description: 'No SMS in this window (Beijing time), except alerts',
        example: { start: '22:00', end: '07:00' },
      }),
    digestLowPriority: z
      .boolean()
      .openapi({ description: 'Gather low-priority email into one daily digest at 17:30' }),
  })
  .openapi('MessagePreferences');

const TemplateSourceSchema = z.object({
  title: z.string().min(1).max(200),
  text: z.string().max(20_000),
  html: z.string().max(50_000).nullable().optional(),
});

export const TemplateSchema = z
  .object({
    key: z.string(),
    builtIn: z.boolean(),
    customised: z.boolean(),
    variables: z.array(z.string()),
    locales: z.object({ 'zh-CN': TemplateSourceSchema.optional(), en: TemplateSourceSchema.optional() }),
  })
  .openapi('MessageTemplate');

export const TemplateBodySchema = z.object({
  'zh-CN': TemplateSourceSchema,
  en: TemplateSourceSchema.optional(),
});

export const DeadLetterSchema = z
  .object({
    id: z.string(),
    messageId: z.uuid(),
    channel: z.enum(EXTERNAL_CHANNELS),
    address: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('DeadLetter');
