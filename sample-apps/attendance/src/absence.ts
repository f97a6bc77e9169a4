import type { JobRun, TransactionOperation } from '@campusbase/plugin-sdk';
import { campusClock, campusDate, weekday } from './campus-time.ts';
import { approvedLeaves, coversDay } from './leaves.ts';
import { newNotices, noticeFor } from './outbox.ts';
import type { Card, Context, OutboxNotice, Presence } from './types.ts';
import { applyAll, findAll, roster } from './util.ts';

function dayRecord(card: Card, date: string, status: 'absent' | 'leave'): Presence {
  return {
    key: `${card.studentId}:${date}`,
    studentId: card.studentId,
    studentName: card.studentName,
    classId: card.classId,
    date,
    status,
    arrivedAt: null,
    departedAt: null,
    swipes: [],
  };
}

/**
 * The 08:30 job (`absence-check`): on a school day, every student of the roster without a gate
 * swipe is recorded as on leave (approved leave) or absent. Absent students' parents get a notice
 * (through the outbox) and each class's teachers get one list of names.
 */
export async function checkAbsences(run: JobRun, context: Context): Promise<void> {
  const date = campusDate(run.scheduledAt);
  const settings = await context.settings.get();
  if (!settings.schoolDays.includes(weekday(date)) || settings.holidays.includes(date)) return;
  const students = await roster(context);
  const presence = await findAll(context.collections.use('presence'), { date }, 50_000);
  const seen = new Set(presence.map((doc) => doc.data.studentId));
  const leaves = await approvedLeaves(context, date, date);
  const operations: TransactionOperation[] = [];
  const notices: OutboxNotice[] = [];
  const absentByClass = new Map<string, Card[]>();
  for (const card of students) {
    if (seen.has(card.studentId)) continue;
    const onLeave = coversDay(leaves.get(card.studentId), date);
    operations.push({
      op: 'insert',
      collection: 'presence',
      data: dayRecord(card, date, onLeave ? 'leave' : 'absent'),
    });
    if (onLeave) continue;
    if (settings.notifyAbsence) notices.push(noticeFor('absence', card, date));
    absentByClass.set(card.classId, [...(absentByClass.get(card.classId) ?? []), card]);
  }
  operations.push(...(await newNotices(context, notices)));
  await applyAll(context, operations);
  context.log.info('absence check', { date, absent: notices.length, classes: absentByClass.size });
  if (!settings.alertTeachers || !context.hasScope('messages:send')) return;
  for (const [classId, cards] of absentByClass) {
    const names = cards.map((card) => card.studentName).join('、');
    await context.messages.send(
      { type: 'orgUnit', orgUnitId: classId, kinds: ['teacher'] },
      {
        title: `${cards[0]!.className}：${cards.length} 名学生未到校`,
        body: `截至 ${campusClock(run.scheduledAt)}，以下学生未刷卡到校且没有已批准的请假：${names}。`,
        page: 'dashboard',
        priority: 'high',
      },
    );
  }
}
