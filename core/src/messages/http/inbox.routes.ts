import { NotFoundError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { Kysely } from 'kysely';
import { errors, json } from '../../auth/auth.schemas.ts';
import { requirePrincipal } from '../../auth/principal.ts';
import type { Database } from '../../db/database.ts';
import type { AppEnv } from '../../http/types.ts';
import type { InboxHub } from '../delivery/hub.ts';
import {
  changeInbox,
  type InboxItem,
  inboxEntry,
  inboxSince,
  listInbox,
  unreadCounts,
} from '../inbox.repository.ts';
import { CategorySchema, InboxEntrySchema, InboxItemSchema, UnreadSchema } from './schemas.ts';

const tags = ['Inbox'];
const EntryParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,18}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const list = createRoute({
  method: 'get',
  path: '/api/v1/inbox',
  tags,
  summary: 'My inbox across every school I belong to, newest first',
  request: {
    query: z.object({
      category: CategorySchema.optional(),
      status: z.enum(['all', 'unread', 'archived']).default('all'),
      before: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .openapi({ description: 'The last id of the previous page' }),
      limit: z.coerce.number().int().min(1).max(100).default(30),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(InboxItemSchema) }), 'Entries'), ...errors(400, 401) },
});

const unread = createRoute({
  method: 'get',
  path: '/api/v1/inbox/unread-count',
  tags,
  summary: 'Unread entries, in total and per category',
  responses: { 200: json(UnreadSchema, 'Counts'), ...errors(401) },
});

const stream = createRoute({
  method: 'get',
  path: '/api/v1/inbox/stream',
  tags,
  summary: 'Server-sent events: each new inbox entry as a `message` event; resume with Last-Event-ID',
  request: {
    query: z.object({
      lastEventId: z
        .string()
        .regex(/^\d{1,18}$/)
        .optional()
        .openapi({ description: 'Same as the Last-Event-ID header' }),
    }),
  },
  responses: {
    200: {
      content: { 'text/event-stream': { schema: z.string() } },
      description: 'An event stream of InboxItem',
    },
    ...errors(401),
  },
});

const entry = createRoute({
  method: 'get',
  path: '/api/v1/inbox/{id}',
  tags,
  summary: 'One entry with its full text and HTML',
  request: { params: EntryParam },
  responses: { 200: json(InboxEntrySchema, 'The entry'), ...errors(401, 404) },
});

const Change = z.enum(['read', 'unread', 'archive', 'unarchive']);
const change = createRoute({
  method: 'post',
  path: '/api/v1/inbox/{action}',
  tags,
  summary: 'Mark entries read or unread, archive or unarchive them: by id, or all (of a category)',
  request: {
    params: z.object({ action: Change.openapi({ param: { name: 'action', in: 'path' } }) }),
    body: {
      content: {
        'application/json': {
          schema: z.union([
            z.object({
              ids: z
                .array(z.string().regex(/^\d{1,18}$/))
                .min(1)
                .max(500),
            }),
            z.object({ all: z.literal(true), category: CategorySchema.optional() }),
          ]),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ changed: z.number().int() }), 'How many entries changed'),
    ...errors(400, 401),
  },
});

/** A stream remembers the ids it sent lately, so a replay after a reconnect is not shown twice. */
function recentIds(limit = 2000) {
  const seen = new Set<string>();
  return (id: string) => {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > limit) seen.delete(seen.values().next().value as string);
    return true;
  };
}

export function inboxRoutes(app: OpenAPIHono<AppEnv>, db: Kysely<Database>, hub: InboxHub): void {
  app.openapi(list, async (c) => {
    const me = requirePrincipal(c);
    const q = c.req.valid('query');
    return c.json({ items: await listInbox(db, me.personId, c.get('locale'), q) }, 200);
  });

  app.openapi(unread, async (c) => c.json(await unreadCounts(db, requirePrincipal(c).personId), 200));

  app.openapi(stream, async (c) => {
    const me = requirePrincipal(c);
    const locale = c.get('locale');
    const resume = c.req.header('last-event-id') ?? c.req.valid('query').lastEventId;
    const lastId = resume && /^\d{1,18}$/.test(resume) ? Number(resume) : null;
    return streamSSE(c, async (sse) => {
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const fresh = recentIds();
      const push = (item: InboxItem) => {
        if (!fresh(item.id)) return;
        sse.writeSSE({ id: item.id, event: 'message', data: JSON.stringify(item) }).catch(finish);
      };
      // Subscribe before reading the backlog, so nothing committed in between is missed.
      const unsubscribe = hub.subscribe({ personId: me.personId, locale, push, end: finish });
      sse.onAbort(finish);
      const ping = setInterval(() => void sse.write(': ping\n\n').catch(finish), 25_000);
      try {
        const counts = await unreadCounts(db, me.personId);
        await sse.writeSSE({ event: 'ready', data: JSON.stringify({ unread: counts }), retry: 3000 });
        if (lastId !== null) for (const item of await inboxSince(db, me.personId, locale, lastId)) push(item);
        await finished;
      } finally {
        clearInterval(ping);
        unsubscribe();
      }
    });
  });

  app.openapi(entry, async (c) => {
    const me = requirePrincipal(c);
    const found = await inboxEntry(db, me.personId, c.get('locale'), Number(c.req.valid('param').id));
    if (!found) throw new NotFoundError({ zh: '这条消息不存在', en: 'There is no such entry in your inbox' });
    return c.json(found, 200);
  });

  app.openapi(change, async (c) => {
    const me = requirePrincipal(c);
    const body = c.req.valid('json');
    const target =
      'ids' in body
        ? { ids: body.ids.map(Number) }
        : { all: true as const, ...(body.category ? { category: body.category } : {}) };
    return c.json({ changed: await changeInbox(db, me.personId, c.req.valid('param').action, target) }, 200);
  });
}
