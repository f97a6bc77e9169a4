import {
  type AppEvent,
  isJsonObject,
  type StoredDocument,
  type TransactionOperation,
} from '@campusbase/plugin-sdk';
import { campusClock, campusDate } from './campus-time.ts';
import { newNotices, noticeFor } from './outbox.ts';
import type { AttendanceSettings, Card, Context, DayStatus, OutboxNotice, Presence, Swipe } from './types.ts';

interface ParsedSwipe {
  cardNo: string;
  date: string;
  swipe: Swipe;
}

/**
 * A `gate.swipe` event from a gate or card reader (iot-bridge's demo profile):
 * `{ ts, cardNo, personType, direction: 'in' | 'out', result: 'pass' | 'denied' }`.
 * Denied swipes and malformed payloads are not attendance.
 */
export function parseSwipe(event: AppEvent): ParsedSwipe | null {
  const { data } = event;
  if (!isJsonObject(data) || typeof data['cardNo'] !== 'string') return null;
  if (data['result'] !== 'pass') return null;
  const direction = data['direction'];
  if (direction !== 'in' && direction !== 'out') return null;
  const ts = data['ts'];
  const at = typeof ts === 'number' && Number.isFinite(ts) ? new Date(ts).toISOString() : event.occurredAt;
  if (Number.isNaN(Date.parse(at))) return null;
  return { cardNo: data['cardNo'], date: campusDate(at), swipe: { at, direction, deviceId: event.deviceId } };
}

function statusAfter(
  previous: DayStatus | undefined,
  arrivedAt: string | null,
  settings: AttendanceSettings,
) {
  if (arrivedAt) return campusClock(arrivedAt) > settings.lateAfter ? 'late' : 'present';
  return previous ?? 'present';
}

/** The day record after adding swipes: arrival is the first `in`, departure the last `out`. */
export function mergeSwipes(
  card: Card,
  date: string,
  previous: Presence | undefined,
  swipes: ReadonlyArray<Swipe>,
  settings: AttendanceSettings,
): Presence {
  const known = new Set((previous?.swipes ?? []).map((swipe) => `${swipe.at}|${swipe.direction}`));
  const all = [...(previous?.swipes ?? [])];
  for (const swipe of swipes) {
    if (!known.has(`${swipe.at}|${swipe.direction}`)) all.push(swipe);
    known.add(`${swipe.at}|${swipe.direction}`);
  }
  all.sort((a, b) => a.at.localeCompare(b.at));
  const ins = all.filter((swipe) => swipe.direction === 'in').map((swipe) => swipe.at);
  const outs = all.filter((swipe) => swipe.direction === 'out').map((swipe) => swipe.at);
  const arrivedAt = ins[0] ?? previous?.arrivedAt ?? null;
  const departedAt = outs.at(-1) ?? previous?.departedAt ?? null;
  return {
    key: `${card.studentId}:${date}`,
    studentId: card.studentId,
    studentName: card.studentName,
    classId: card.classId,
    date,
    status: statusAfter(previous?.status, arrivedAt, settings),
    arrivedAt,
    departedAt,
    // Keep the first arrival and the latest swipes within the schema's 20.
    swipes: all.length > 20 ? [all[0]!, ...all.slice(-19)] : all,
  };
}

/**
 * The `iot:gate.swipe` handler. Delivery is at least once, so the handler is idempotent: a day
 * record keeps the earliest `in` and the latest `out`, and each parent notice has a unique key.
 * All writes of a batch are one transaction (batchSize 30 → at most 90 operations: a day record and two notices per swipe).
 */
export async function onSwipes(events: ReadonlyArray<AppEvent>, context: Context): Promise<void> {
  const parsed = events.map(parseSwipe).filter((swipe) => swipe !== null);
  if (parsed.length === 0) return;
  const settings = await context.settings.get();
  const cardNos = [...new Set(parsed.map((swipe) => swipe.cardNo))];
  const cards = await context.collections
    .use('cards')
    .find({ filter: { cardNo: { $in: cardNos } }, limit: 500 });
  const cardOf = new Map(cards.items.map((card) => [card.data.cardNo, card.data]));
  const groups = new Map<string, { card: Card; date: string; swipes: Swipe[] }>();
  for (const { cardNo, date, swipe } of parsed) {
    const card = cardOf.get(cardNo);
    if (!card) continue;
    const key = `${card.studentId}:${date}`;
    const group = groups.get(key) ?? { card, date, swipes: [] };
    group.swipes.push(swipe);
    groups.set(key, group);
  }
  const unknown = parsed.length - [...groups.values()].reduce((sum, group) => sum + group.swipes.length, 0);
  if (unknown > 0) context.log.info('swipes of cards not in the roster', { count: unknown });
  if (groups.size === 0) return;

  const existing = await context.collections
    .use('presence')
    .find({ filter: { key: { $in: [...groups.keys()] } }, limit: 500 });
  const stored = new Map<string, StoredDocument<Presence>>(existing.items.map((doc) => [doc.data.key, doc]));
  const operations: TransactionOperation[] = [];
  const notices: OutboxNotice[] = [];
  for (const [key, { card, date, swipes }] of groups) {
    const previous = stored.get(key);
    const next = mergeSwipes(card, date, previous?.data, swipes, settings);
    operations.push(
      previous
        ? {
            op: 'replace',
            collection: 'presence',
            id: previous.id,
            data: next,
            expectedVersion: previous.version,
          }
        : { op: 'insert', collection: 'presence', data: next },
    );
    if (settings.notifyArrival && next.arrivedAt && !previous?.data.arrivedAt) {
      notices.push(noticeFor('arrival', card, date, next.arrivedAt));
    }
    if (settings.notifyDeparture && next.departedAt && next.departedAt !== previous?.data.departedAt) {
      notices.push({
        ...noticeFor('departure', card, date, next.departedAt),
        key: `departure:${key}:${next.departedAt}`,
      });
    }
  }
  operations.push(...(await newNotices(context, notices)));
  await context.collections.transaction(operations);
}
