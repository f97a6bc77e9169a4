import { type JobRun, LimitError, NotFoundError, type TransactionOperation } from '@campusbase/plugin-sdk';
import { campusClock, chineseDay } from './campus-time.ts';
import type { Card, Context, NoticeKind, OutboxNotice } from './types.ts';

/**
 * Parent notices go through an outbox: handlers write them in the same transaction as the record
 * that caused them (so a redelivered swipe never notifies twice: `key` is unique), and the
 * `notify` job sends at most `notifyPerMinute` a minute, below the platform's messages.send quota.
 */
export function noticeFor(kind: NoticeKind, card: Card, date: string, at?: string): OutboxNotice {
  const when = chineseDay(date) + (at ? ` ${campusClock(at)}` : '');
  const text = {
    arrival: ['到校通知', `您的孩子${card.studentName}已于${when}刷卡到校。`],
    departure: ['离校通知', `您的孩子${card.studentName}已于${when}刷卡离校。`],
    absence: [
      '缺勤提醒',
      `您的孩子${card.studentName}${chineseDay(date)}未到校，也没有已批准的请假。请尽快与班主任联系；如需请假，请在「请假」中提交。`,
    ],
  }[kind];
  return {
    key: `${kind}:${card.studentId}:${date}`,
    kind,
    studentId: card.studentId,
    guardianIds: card.guardianIds,
    title: text[0]!,
    body: text[1]!,
    status: 'pending',
    error: null,
    sentAt: null,
  };
}

/**
 * Who hears of a student: the guardians the school recorded on the platform (一数一源) when the
 * admin approved `people:read:guardians`, read at send time so a changed guardian is never missed;
 * otherwise the roster's own copy. A string is the reason nobody is notified.
 */
async function recipientsOf(context: Context, notice: OutboxNotice): Promise<string[] | string> {
  let ids = notice.guardianIds;
  if (context.hasScope('people:read:guardians')) {
    try {
      ids = (await context.people.guardiansOf(notice.studentId)).map((guardian) => guardian.id);
    } catch (error) {
      if (error instanceof NotFoundError) return 'student_not_found';
      throw error;
    }
  }
  return ids.length > 0 ? ids : 'no_guardians';
}

/** Insert operations for the notices that are not in the outbox yet. */
export async function newNotices(
  context: Context,
  notices: ReadonlyArray<OutboxNotice>,
): Promise<TransactionOperation[]> {
  if (notices.length === 0) return [];
  const keys = notices.map((notice) => notice.key);
  const existing = await context.collections
    .use('outbox')
    .find({ filter: { key: { $in: keys } }, limit: 500 });
  const seen = new Set(existing.items.map((item) => item.data.key));
  const operations: TransactionOperation[] = [];
  for (const notice of notices) {
    if (seen.has(notice.key)) continue;
    seen.add(notice.key);
    operations.push({ op: 'insert', collection: 'outbox', data: notice });
  }
  return operations;
}

/** The `notify` job: sends pending notices, oldest first, and stops at the quota. */
export async function sendPending(_run: JobRun, context: Context): Promise<void> {
  const settings = await context.settings.get();
  const outbox = context.collections.use('outbox');
  const page = await outbox.find({
    filter: { status: 'pending' },
    sort: [{ field: '$createdAt', order: 'asc' }],
    limit: settings.notifyPerMinute,
  });
  for (const notice of page.items) {
    if (!context.hasScope('messages:send')) {
      await outbox.update(notice.id, { status: 'skipped', error: 'messages_send_not_approved' });
      continue;
    }
    try {
      const recipients = await recipientsOf(context, notice.data);
      if (typeof recipients === 'string') {
        await outbox.update(notice.id, { status: 'skipped', error: recipients });
        continue;
      }
      await context.messages.send(
        { type: 'people', personIds: recipients },
        {
          title: notice.data.title,
          body: notice.data.body,
          priority: notice.data.kind === 'absence' ? 'high' : 'normal',
        },
      );
      await outbox.update(notice.id, {
        status: 'sent',
        guardianIds: recipients,
        sentAt: new Date().toISOString(),
      });
    } catch (error) {
      // Over the quota: leave the rest pending for the next minute.
      if (error instanceof LimitError) return;
      const reason = error instanceof Error ? error.message : String(error);
      await outbox.update(notice.id, { status: 'failed', error: reason.slice(0, 200) });
      context.log.warn('parent notice failed', { key: notice.data.key, reason });
    }
  }
}
