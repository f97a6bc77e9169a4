import {
  InputError,
  isJsonObject,
  type RouteRequest,
  type TransactionOperation,
} from '@campusbase/plugin-sdk';
import { campusDate } from './campus-time.ts';
import { dayStatus } from './day-status.ts';
import { approvedLeaves } from './leaves.ts';
import { newNotices, noticeFor } from './outbox.ts';
import type { Context, DayStatus, RollCall, RollCallEntry } from './types.ts';
import { applyAll, bodyOf, dateParam, findAll, requireStaff, roster, stringParam } from './util.ts';

const statuses: ReadonlyArray<DayStatus> = ['present', 'late', 'absent', 'leave'];

function lessonParam(value: unknown): number {
  const lesson = typeof value === 'string' ? Number(value) : value;
  if (typeof lesson !== 'number' || !Number.isInteger(lesson) || lesson < 1 || lesson > 12) {
    throw new InputError({ zh: '节次应为 1 到 12', en: 'lesson must be 1 to 12' }, { field: 'lesson' });
  }
  return lesson;
}

/**
 * The sheet for one lesson: the saved roll call if there is one, otherwise a suggestion from the
 * gate (arrived → present or late), approved leave (→ leave) and nothing (→ absent).
 */
export async function rollCallSheet(request: RouteRequest, context: Context) {
  requireStaff(context);
  const classId = stringParam(request.query['classId'], 'classId', 100);
  const date = dateParam(request.query['date'], 'date', campusDate(Date.now()));
  const lesson = lessonParam(request.query['lesson'] ?? '1');
  const students = await roster(context, classId);
  const presence = await findAll(context.collections.use('presence'), { date, classId });
  const arrivals = new Map(presence.map((doc) => [doc.data.studentId, doc.data]));
  const leaves = await approvedLeaves(context, date, date);
  const saved = (
    await context.collections
      .use('rollcalls')
      .find({ filter: { key: `${classId}:${date}:${lesson}` }, limit: 1 })
  ).items[0]?.data;
  const savedStatus = new Map((saved?.entries ?? []).map((entry) => [entry.studentId, entry.status]));
  return {
    classId,
    date,
    lesson,
    saved: saved ? { takenByName: saved.takenByName, takenAt: saved.takenAt } : null,
    entries: students.map((student) => {
      const suggested = dayStatus(arrivals.get(student.studentId), leaves.get(student.studentId), date);
      return {
        studentId: student.studentId,
        studentName: student.studentName,
        arrivedAt: arrivals.get(student.studentId)?.arrivedAt ?? null,
        suggested,
        status: savedStatus.get(student.studentId) ?? suggested,
      };
    }),
  };
}

function readEntries(value: unknown, allowed: ReadonlySet<string>): RollCallEntry[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError({ zh: '点名单不能为空', en: 'entries must not be empty' }, { field: 'entries' });
  }
  return value.map((entry, index) => {
    const studentId = isJsonObject(entry) ? entry['studentId'] : undefined;
    const status = isJsonObject(entry) ? entry['status'] : undefined;
    if (typeof studentId !== 'string' || !allowed.has(studentId)) {
      throw new InputError(
        {
          zh: `第 ${index + 1} 行的学生不在这个班级`,
          en: `Entry ${index + 1} is not a student of this class`,
        },
        { field: `entries[${index}].studentId` },
      );
    }
    const known = statuses.find((candidate) => candidate === status);
    if (!known) {
      throw new InputError(
        { zh: `第 ${index + 1} 行的状态无效`, en: `Entry ${index + 1} has an unknown status` },
        { field: `entries[${index}].status` },
      );
    }
    return { studentId, status: known };
  });
}

/** Saves (or replaces) the roll call of a lesson; students absent without leave are reported to parents. */
export async function saveRollCall(request: RouteRequest, context: Context) {
  const user = requireStaff(context);
  const input = bodyOf(request.body);
  const classId = stringParam(input['classId'], 'classId', 100);
  const date = dateParam(input['date'], 'date');
  const lesson = lessonParam(input['lesson']);
  const students = await roster(context, classId);
  const cardOf = new Map(students.map((card) => [card.studentId, card]));
  const entries = readEntries(input['entries'], new Set(cardOf.keys()));
  const rollcall: RollCall = {
    key: `${classId}:${date}:${lesson}`,
    classId,
    date,
    lesson,
    takenBy: user.id,
    takenByName: user.name,
    takenAt: new Date().toISOString(),
    entries,
  };
  const rollcalls = context.collections.use('rollcalls');
  const previous = (await rollcalls.find({ filter: { key: rollcall.key }, limit: 1 })).items[0];
  const operations: TransactionOperation[] = [
    previous
      ? {
          op: 'replace',
          collection: 'rollcalls',
          id: previous.id,
          data: rollcall,
          expectedVersion: previous.version,
        }
      : { op: 'insert', collection: 'rollcalls', data: rollcall },
  ];
  const settings = await context.settings.get();
  const absent = entries.filter((entry) => entry.status === 'absent');
  if (settings.notifyAbsence) {
    const notices = absent.map((entry) => noticeFor('absence', cardOf.get(entry.studentId)!, date));
    operations.push(...(await newNotices(context, notices)));
  }
  await applyAll(context, operations);
  const count = (status: DayStatus) => entries.filter((entry) => entry.status === status).length;
  return {
    key: rollcall.key,
    present: count('present'),
    late: count('late'),
    leave: count('leave'),
    absent: absent.length,
  };
}
