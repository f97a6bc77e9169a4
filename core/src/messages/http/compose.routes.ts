import { InputError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { errors, json } from '../../auth/auth.schemas.ts';
import { requireTenant } from '../../auth/principal.ts';
import type { Database } from '../../db/database.ts';
import type { AppEnv } from '../../http/types.ts';
import { AudienceSchema } from '../audience.ts';
import { composeAndSend, listSent, previewAudience, receipts, remindUnread } from '../compose.service.ts';
import type { QuotaRules } from '../quotas.ts';
import { requestLogger } from '../../http/kernel.ts';
import {
  CategorySchema,
  ChannelsSchema,
  DeepLinkSchema,
  PreviewSchema,
  PrioritySchema,
  ReceiptsSchema,
  SendResultSchema,
  SentItemSchema,
} from './schemas.ts';

const tags = ['Messages'];
const MessageParam = z.object({ messageId: z.uuid().openapi({ param: { name: 'messageId', in: 'path' } }) });

const Compose = z
  .object({
    category: CategorySchema.default('notice'),
    priority: PrioritySchema.default('normal'),
    audience: AudienceSchema,
    title: z.string().trim().min(1).max(200).optional().openapi({ example: '关于期中考试安排的通知' }),
    body: z.string().max(20_000).optional().openapi({ description: 'Markdown; sanitised to HTML' }),
    en: z.object({ title: z.string().trim().min(1).max(200), body: z.string().max(20_000) }).optional(),
    template: z
      .object({
        key: z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/),
        variables: z.record(z.string(), z.union([z.string().max(2000), z.number()])),
      })
      .optional(),
    deepLink: DeepLinkSchema.nullable().optional(),
    channels: ChannelsSchema.optional(),
    receipts: z
      .boolean()
      .optional()
      .openapi({ description: 'Track who has read it; on by default for notices' }),
    idempotencyKey: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'A retried send with the same key is stored once' }),
  })
  .openapi('ComposeMessage');

const preview = createRoute({
  method: 'post',
  path: '/api/v1/messages/audience/preview',
  tags,
  summary: 'How many people an audience reaches ("this will reach 412 parents"), without sending',
  request: { body: { content: { 'application/json': { schema: z.object({ audience: AudienceSchema }) } } } },
  responses: { 200: json(PreviewSchema, 'Counts'), ...errors(400, 401, 403, 404) },
});

const send = createRoute({
  method: 'post',
  path: '/api/v1/messages',
  tags,
  summary: 'Compose and send a message to an audience of the active school (or, for a bureau, its schools)',
  request: { body: { content: { 'application/json': { schema: Compose } } } },
  responses: {
    201: json(SendResultSchema, 'Sent (or the earlier send with the same idempotency key)'),
    ...errors(400, 401, 403, 404, 429),
  },
});

const sent = createRoute({
  method: 'get',
  path: '/api/v1/messages/sent',
  tags,
  summary: 'Messages I sent in the active school, with how many have read each',
  responses: {
    200: json(z.object({ items: z.array(SentItemSchema) }), 'Sent messages'),
    ...errors(401, 403),
  },
});

const receiptsRoute = createRoute({
  method: 'get',
  path: '/api/v1/messages/{messageId}/receipts',
  tags,
  summary: 'Who has read a message and who has not (未读名单)',
  request: { params: MessageParam },
  responses: { 200: json(ReceiptsSchema, 'Receipts'), ...errors(401, 403, 404) },
});

const remind = createRoute({
  method: 'post',
  path: '/api/v1/messages/{messageId}/remind',
  tags,
  summary: 'Remind everyone who has not read the message yet (at most once every 10 minutes)',
  request: {
    params: MessageParam,
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ channels: ChannelsSchema.optional() }) } },
    },
  },
  responses: { 201: json(SendResultSchema, 'The reminder'), ...errors(401, 403, 404, 409, 429) },
});

export function composeRoutes(
  app: OpenAPIHono<AppEnv>,
  db: Kysely<Database>,
  quotas: QuotaRules | undefined,
): void {
  app.openapi(preview, async (c) => {
    const me = requireTenant(c);
    return c.json(await previewAudience(db, me, c.req.valid('json').audience), 200);
  });

  app.openapi(send, async (c) => {
    const me = requireTenant(c);
    const body = c.req.valid('json');
    if (!body.template && !body.title) {
      throw new InputError({ zh: '请填写标题，或选择一个模板', en: 'Give a title, or choose a template' });
    }
    const result = await composeAndSend(db, me, { ...body, deepLink: body.deepLink ?? null }, quotas);
    requestLogger(c).info({ messageId: result.messageId, recipients: result.recipientCount }, 'message sent');
    return c.json(result, 201);
  });

  app.openapi(sent, async (c) => c.json({ items: await listSent(db, requireTenant(c)) }, 200));

  app.openapi(receiptsRoute, async (c) =>
    c.json(await receipts(db, requireTenant(c), c.req.valid('param').messageId), 200),
  );

  app.openapi(remind, async (c) => {
    const me = requireTenant(c);
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    return c.json(await remindUnread(db, me, c.req.valid('param').messageId, body.channels, quotas), 201);
  });
}
