import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { withPerson } from '../identity/person-scope.ts';
import type { Category, MessageContent, Priority, SenderKind } from './messages.table.ts';
import { inLocale } from './render.ts';

/** One inbox entry as the portal shows it; `id` is the delivery's sequence number. */
export interface InboxItem {
  id: string;
  messageId: string;
  tenantId: string;
  category: Category;
  priority: Priority;
  title: string;
  summary: string;
  deepLink: string | null;
  sender: { kind: SenderKind; name: string };
  createdAt: string;
  readAt: string | null;
  archivedAt: string | null;
  receipts: boolean;
}

interface DeliveryPart {
  seq: number;
  read_at: Date | null;
  archived_at: Date | null;
}
interface MessagePart {
  id: string;
  tenant_id: string;
  category: Category;
  priority: Priority;
  content: MessageContent;
  deep_link: string | null;
  sender_name: string;
  sender_kind: SenderKind;
  created_at: Date;
  receipts: boolean;
}

export function inboxItem(delivery: DeliveryPart, message: MessagePart, locale: string): InboxItem {
  const text = inLocale(message.content, locale);
  return {
    id: String(delivery.seq),
    messageId: message.id,
    tenantId: message.tenant_id,
    category: message.category,
    priority: message.priority,
    title: text.title,
    summary: text.text.length > 140 ? `${text.text.slice(0, 139)}…` : text.text,
    deepLink: message.deep_link,
    sender: { kind: message.sender_kind, name: message.sender_name },
    createdAt: message.created_at.toISOString(),
    readAt: delivery.read_at?.toISOString() ?? null,
    archivedAt: delivery.archived_at?.toISOString() ?? null,
    receipts: message.receipts,
  };
}

export interface InboxQuery {
  category?: Category;
  status?: 'all' | 'unread' | 'archived';
  /** Only entries older than this id (the previous page's last id). */
  before?: number;
  /** Only entries newer than this id (SSE resume). */
  after?: number;
  limit?: number;
}

function itemsQuery(trx: Kysely<Database>, personId: string, q: InboxQuery) {
  let query = trx
    .selectFrom('message_deliveries as d')
    .innerJoin('messages as m', (j) =>
      j.onRef('m.tenant_id', '=', 'd.tenant_id').onRef('m.id', '=', 'd.message_id'),
    )
    .select([
      'd.seq',
      'd.read_at',
      'd.archived_at',
      'm.id',
      'm.tenant_id',
      'm.category',
      'm.priority',
      'm.content',
      'm.deep_link',
      'm.sender_name',
      'm.sender_kind',
      'm.created_at',
      'm.receipts',
    ])
    .where('d.person_id', '=', personId);
  if (q.category) query = query.where('d.category', '=', q.category);
  const status = q.status ?? 'all';
  if (status === 'archived') query = query.where('d.archived_at', 'is not', null);
  else query = query.where('d.archived_at', 'is', null);
  if (status === 'unread') query = query.where('d.read_at', 'is', null);
  if (q.before !== undefined) query = query.where('d.seq', '<', q.before);
  return query;
}

/**
 * A person's inbox across every school, read through the person scope: the `person_self`
 * policies open exactly this person's deliveries and the messages they received, nothing else.
 */
export async function listInbox(
  app: Kysely<Database>,
  personId: string,
  locale: string,
  q: InboxQuery,
): Promise<InboxItem[]> {
  const limit = Math.min(q.limit ?? 30, 100);
  const rows = await withPerson(app, personId, (trx) =>
    itemsQuery(trx, personId, q).orderBy('d.seq', 'desc').limit(limit).execute(),
  );
  return rows.map((r) => inboxItem(r, r, locale));
}

/**
 * What a reconnecting stream missed: entries after `after`, oldest first. Entries written by a
 * transaction that committed after a later one have a smaller id, so the last minute is replayed
 * too; clients drop ids they already have.
 */
export async function inboxSince(app: Kysely<Database>, personId: string, locale: string, after: number) {
  const rows = await withPerson(app, personId, (trx) =>
    itemsQuery(trx, personId, {})
      .where((eb) =>
        eb.or([eb('d.seq', '>', after), eb('d.created_at', '>', sql<Date>`now() - interval '1 minute'`)]),
      )
      .orderBy('d.seq', 'asc')
      .limit(500)
      .execute(),
  );
  return rows.map((r) => inboxItem(r, r, locale));
}

export async function inboxEntry(app: Kysely<Database>, personId: string, locale: string, seq: number) {
  return withPerson(app, personId, async (trx) => {
    const row = await itemsQuery(trx, personId, {})
      .clearWhere()
      .where('d.person_id', '=', personId)
      .where('d.seq', '=', seq)
      .executeTakeFirst();
    if (!row) return null;
    const text = inLocale(row.content, locale);
    return { ...inboxItem(row, row, locale), text: text.text, html: text.html };
  });
}

export async function unreadCounts(app: Kysely<Database>, personId: string) {
  const rows = await withPerson(app, personId, (trx) =>
    trx
      .selectFrom('message_deliveries')
      .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
      .where('person_id', '=', personId)
      .where('read_at', 'is', null)
      .where('archived_at', 'is', null)
      .groupBy('category')
      .execute(),
  );
  const byCategory: Partial<Record<Category, number>> = {};
  let total = 0;
  for (const row of rows) {
    byCategory[row.category] = Number(row.n);
    total += Number(row.n);
  }
  return { total, byCategory };
}

export type InboxChange = 'read' | 'unread' | 'archive' | 'unarchive';

/** Changes read or archive state of the caller's own entries; returns how many changed. */
export async function changeInbox(
  app: Kysely<Database>,
  personId: string,
  change: InboxChange,
  target: { ids: number[] } | { category?: Category; all: true },
): Promise<number> {
  return withPerson(app, personId, async (trx) => {
    let query = trx.updateTable('message_deliveries').where('person_id', '=', personId);
    if ('ids' in target) query = query.where('seq', 'in', target.ids.length > 0 ? target.ids : [-1]);
    else if (target.category) query = query.where('category', '=', target.category);
    switch (change) {
      case 'read':
        query = query.set({ read_at: new Date() }).where('read_at', 'is', null);
        break;
      case 'unread':
        query = query.set({ read_at: null }).where('read_at', 'is not', null);
        break;
      case 'archive':
        // Archiving also counts as reading: an archived entry is never shown as unread.
        query = query
          .set({ archived_at: new Date(), read_at: sql<Date>`coalesce(read_at, now())` })
          .where('archived_at', 'is', null);
        break;
      case 'unarchive':
        query = query.set({ archived_at: null }).where('archived_at', 'is not', null);
        break;
    }
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}
