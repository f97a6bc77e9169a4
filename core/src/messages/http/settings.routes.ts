import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { errors, json } from '../../auth/auth.schemas.ts';
import { requirePermission, requirePrincipal, requireTenant } from '../../auth/principal.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-scope.ts';
import type { AppEnv } from '../../http/types.ts';
import { fromClock, getPreferences, putPreferences, toClock } from '../preferences.repository.ts';
import { checkTemplate, render } from '../render.ts';
import { listTemplates, loadTemplate, saveTemplate } from '../templates.repository.ts';
import { DeadLetterSchema, PreferencesSchema, TemplateBodySchema, TemplateSchema } from './schemas.ts';

const KeyParam = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{1,63}$/)
    .openapi({ param: { name: 'key', in: 'path' } }),
});
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } } } });

const getPrefs = createRoute({
  method: 'get',
  path: '/api/v1/messages/preferences',
  tags: ['Inbox'],
  summary: 'My channel preferences per category, quiet hours and digest',
  responses: { 200: json(PreferencesSchema, 'Preferences'), ...errors(401) },
});
const putPrefs = createRoute({
  method: 'put',
  path: '/api/v1/messages/preferences',
  tags: ['Inbox'],
  summary: 'Change my preferences',
  request: body(PreferencesSchema),
  responses: { 200: json(PreferencesSchema, 'Saved'), ...errors(400, 401) },
});
const templates = createRoute({
  method: 'get',
  path: '/api/v1/messages/templates',
  tags: ['Messages'],
  summary: 'Templates of the active school: built-in ones and its own, with their variables',
  responses: { 200: json(z.object({ items: z.array(TemplateSchema) }), 'Templates'), ...errors(401, 403) },
});
const putTemplate = createRoute({
  method: 'put',
  path: '/api/v1/messages/templates/{key}',
  tags: ['Messages'],
  summary: 'Save a template (zh-CN, optionally English; {{variable}} placeholders; HTML optional)',
  request: { params: KeyParam, ...body(TemplateBodySchema) },
  responses: { 200: json(z.object({ ok: z.literal(true) }), 'Saved'), ...errors(400, 401, 403) },
});
const previewTemplate = createRoute({
  method: 'post',
  path: '/api/v1/messages/templates/{key}/preview',
  tags: ['Messages'],
  summary: 'Render a template with variables, in every locale it has',
  request: {
    params: KeyParam,
    ...body(z.object({ variables: z.record(z.string(), z.union([z.string(), z.number()])) })),
  },
  responses: {
    200: json(
      z.record(z.string(), z.object({ title: z.string(), text: z.string(), html: z.string() })),
      'Rendered',
    ),
    ...errors(400, 401, 403, 404),
  },
});
const deadLetters = createRoute({
  method: 'get',
  path: '/api/v1/messages/dead-letters',
  tags: ['Messages'],
  summary: 'Deliveries that failed every retry or were refused for good (email, SMS, webhooks, WeCom robots)',
  responses: {
    200: json(z.object({ items: z.array(DeadLetterSchema) }), 'Dead letters'),
    ...errors(401, 403),
  },
});
const retryDead = createRoute({
  method: 'post',
  path: '/api/v1/messages/dead-letters/retry',
  tags: ['Messages'],
  summary: 'Send dead letters again (after fixing the mail server, SMS account or webhook)',
  request: body(
    z.object({
      ids: z
        .array(z.string().regex(/^\d{1,18}$/))
        .min(1)
        .max(500),
    }),
  ),
  responses: { 200: json(z.object({ retried: z.number().int() }), 'Queued again'), ...errors(400, 401, 403) },
});

const mask = (channel: string, address: string) =>
  channel === 'webhook' || channel === 'wecom'
    ? address
    : address.includes('@')
      ? address.replace(/^(.).*(@.*)$/, '$1***$2')
      : address.replace(/^(.{3}).*(.{4})$/, '$1****$2');

export function settingsRoutes(app: OpenAPIHono<AppEnv>, db: Kysely<Database>): void {
  const view = (p: Awaited<ReturnType<typeof getPreferences>>) => ({
    channels: p.channels,
    quietHours: { start: toClock(p.quietStart), end: toClock(p.quietEnd) },
    digestLowPriority: p.digestLow,
  });
  app.openapi(getPrefs, async (c) =>
    c.json(view(await getPreferences(db, requirePrincipal(c).personId)), 200),
  );
  app.openapi(putPrefs, async (c) => {
    const me = requirePrincipal(c);
    const b = c.req.valid('json');
    const prefs = {
      channels: b.channels,
      quietStart: fromClock(b.quietHours.start),
      quietEnd: fromClock(b.quietHours.end),
      digestLow: b.digestLowPriority,
    };
    await putPreferences(db, me.personId, prefs);
    return c.json(view(prefs), 200);
  });

  app.openapi(templates, async (c) => {
    const me = await requirePermission(c, 'messages:send');
    return c.json(
      { items: await withTenant(db, me.activeTenantId, (trx) => listTemplates(trx, me.activeTenantId)) },
      200,
    );
  });
  app.openapi(putTemplate, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const { key } = c.req.valid('param');
    const b = c.req.valid('json');
    await withTenant(db, me.activeTenantId, async (trx) => {
      // Rendering with placeholder values checks the template before it is saved.
      checkTemplate(b);
      await saveTemplate(trx, me.activeTenantId, key, 'zh-CN', b['zh-CN'], me.personId);
      if (b.en) await saveTemplate(trx, me.activeTenantId, key, 'en', b.en, me.personId);
    });
    return c.json({ ok: true as const }, 200);
  });
  app.openapi(previewTemplate, async (c) => {
    const me = requireTenant(c);
    const set = await withTenant(db, me.activeTenantId, (trx) =>
      loadTemplate(trx, me.activeTenantId, c.req.valid('param').key),
    );
    return c.json(render(set, c.req.valid('json').variables), 200);
  });

  app.openapi(deadLetters, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const rows = await withTenant(db, me.activeTenantId, (trx) =>
      trx
        .selectFrom('message_outbox')
        .select(['id', 'message_id', 'channel', 'address', 'attempts', 'last_error', 'created_at'])
        .where('tenant_id', '=', me.activeTenantId)
        .where('status', '=', 'dead')
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute(),
    );
    return c.json(
      {
        items: rows.map((r) => ({
          id: String(r.id),
          messageId: r.message_id,
          channel: r.channel,
          address: mask(r.channel, r.address),
          attempts: r.attempts,
          lastError: r.last_error,
          createdAt: r.created_at.toISOString(),
        })),
      },
      200,
    );
  });
  app.openapi(retryDead, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const ids = c.req.valid('json').ids.map(Number);
    const result = await withTenant(db, me.activeTenantId, (trx) =>
      trx
        .updateTable('message_outbox')
        .set({ status: 'pending', attempts: 0, next_attempt_at: new Date() })
        .where('tenant_id', '=', me.activeTenantId)
        .where('status', '=', 'dead')
        .where('id', 'in', ids)
        .executeTakeFirst(),
    );
    return c.json({ retried: Number(result.numUpdatedRows) }, 200);
  });
}
