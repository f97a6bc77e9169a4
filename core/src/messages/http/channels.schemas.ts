import { createRoute, z } from '@hono/zod-openapi';
import { errors, json } from '../../auth/auth.schemas.ts';
import { CategorySchema } from './schemas.ts';

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } } } });
const Ok = z.object({ ok: z.literal(true) });

export const WebhookSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    url: z.string(),
    categories: z.array(CategorySchema),
    active: z.boolean(),
    createdAt: z.string(),
    secretRotatedAt: z.string().nullable(),
    previousSecretValidUntil: z
      .string()
      .nullable()
      .openapi({ description: 'Until then deliveries carry a second v1 signature with the previous secret' }),
  })
  .openapi('MessageWebhook');

const WebhookWithSecret = WebhookSchema.extend({
  secret: z.string().openapi({ description: 'Shown only in this answer; store it in the receiver now' }),
}).openapi('MessageWebhookWithSecret');

export const WebhookBody = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.url({ protocol: /^https?$/ }).max(1000),
  categories: z.array(CategorySchema).min(1).optional(),
});

const name = z.string().trim().min(1).max(100);
const robotUrl = z.string().max(300).openapi({
  description: 'The webhook address WeCom shows for the group robot; only its key is kept (sealed)',
  example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
});
const units = z.array(z.uuid()).max(50).openapi({
  description: 'Only messages to these org units (or below); empty: every group message of the school',
});

export const RobotBody = z.object({
  name,
  url: robotUrl,
  categories: z.array(CategorySchema).min(1).default(['notice', 'alert']),
  orgUnitIds: units.default([]),
});

export const RobotPatch = z.object({
  name: name.optional(),
  url: robotUrl.optional().openapi({ description: 'A new address after 重置 in WeCom: replaces the key' }),
  categories: z.array(CategorySchema).min(1).optional(),
  orgUnitIds: units.optional(),
  active: z.boolean().optional(),
});

export const RobotSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    keyHint: z.string().openapi({ description: 'The last four characters of the key' }),
    categories: z.array(CategorySchema),
    orgUnitIds: z.array(z.uuid()),
    active: z.boolean(),
    createdAt: z.string(),
    keyRotatedAt: z.string().nullable(),
  })
  .openapi('WecomRobot');

export const SenderSchema = z
  .object({
    emailName: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .regex(/^[^<>"\r\n@]+$/, 'must not contain < > " @ or line breaks')
      .nullable()
      .openapi({
        description: 'The From name of the school’s email; null: the platform’s',
        example: '南宁市凤林小学',
      }),
  })
  .openapi('MessageSender');

export const channelRoute = {
  listWebhooks: createRoute({
    method: 'get',
    path: '/api/v1/messages/webhooks',
    tags: ['Messages'],
    summary: "The school's webhooks (never their secrets)",
    responses: { 200: json(z.object({ items: z.array(WebhookSchema) }), 'Webhooks'), ...errors(401, 403) },
  }),
  addWebhook: createRoute({
    method: 'post',
    path: '/api/v1/messages/webhooks',
    tags: ['Messages'],
    summary: 'Add a webhook; its signing secret is shown once, in this answer',
    request: body(WebhookBody),
    responses: { 201: json(WebhookWithSecret, 'Created'), ...errors(400, 401, 403) },
  }),
  rotateWebhook: createRoute({
    method: 'post',
    path: '/api/v1/messages/webhooks/{id}/rotate-secret',
    tags: ['Messages'],
    summary: 'A new signing secret, shown once; the old one keeps signing for the grace period',
    request: {
      params: IdParam,
      ...body(
        z.object({
          graceMinutes: z.number().int().min(0).max(10_080).default(1440).openapi({
            description: 'How long deliveries are also signed with the old secret (0: stop now)',
          }),
        }),
      ),
    },
    responses: { 200: json(WebhookWithSecret, 'Rotated'), ...errors(400, 401, 403, 404) },
  }),
  deleteWebhook: createRoute({
    method: 'delete',
    path: '/api/v1/messages/webhooks/{id}',
    tags: ['Messages'],
    summary: 'Turn a webhook off',
    request: { params: IdParam },
    responses: { 200: json(Ok, 'Off'), ...errors(401, 403, 404) },
  }),
  listRobots: createRoute({
    method: 'get',
    path: '/api/v1/messages/wecom-robots',
    tags: ['Messages'],
    summary: "The school's WeCom (企业微信) group robots (never their keys)",
    responses: { 200: json(z.object({ items: z.array(RobotSchema) }), 'Robots'), ...errors(401, 403) },
  }),
  addRobot: createRoute({
    method: 'post',
    path: '/api/v1/messages/wecom-robots',
    tags: ['Messages'],
    summary: 'Register a WeCom group robot as a channel for categories and org units',
    request: body(RobotBody),
    responses: { 201: json(RobotSchema, 'Registered'), ...errors(400, 401, 403) },
  }),
  patchRobot: createRoute({
    method: 'patch',
    path: '/api/v1/messages/wecom-robots/{id}',
    tags: ['Messages'],
    summary: 'Rename, re-scope, pause or give a robot its new address',
    request: { params: IdParam, ...body(RobotPatch) },
    responses: { 200: json(RobotSchema, 'Changed'), ...errors(400, 401, 403, 404) },
  }),
  deleteRobot: createRoute({
    method: 'delete',
    path: '/api/v1/messages/wecom-robots/{id}',
    tags: ['Messages'],
    summary: 'Remove a robot and erase its key',
    request: { params: IdParam },
    responses: { 200: json(Ok, 'Removed'), ...errors(401, 403, 404) },
  }),
  getSender: createRoute({
    method: 'get',
    path: '/api/v1/messages/sender',
    tags: ['Messages'],
    summary: "The school's sender name for email",
    responses: { 200: json(SenderSchema, 'Sender'), ...errors(401, 403) },
  }),
  putSender: createRoute({
    method: 'put',
    path: '/api/v1/messages/sender',
    tags: ['Messages'],
    summary: "Set the school's sender name for email (the address stays the platform's)",
    request: body(SenderSchema),
    responses: { 200: json(SenderSchema, 'Saved'), ...errors(400, 401, 403) },
  }),
};
