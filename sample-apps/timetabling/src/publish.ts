import { ConflictError, type RouteRequest, reply } from '@campusbase/plugin-sdk';
import { lessonsOf, loadTimetable, problemOf, solverOf } from './timetables.ts';
import type { Context } from './types.ts';
import { DAY_NAMES, requireStaff } from './util.ts';

/**
 * Publishes a finished timetable and sends each class's week to the class board placed in that
 * class (matched by org unit), with the `timetable.show` command. Without the
 * `iot:commands:class-board` approval the timetable is still published, only not pushed.
 */
export async function publishTimetable(request: RouteRequest, context: Context) {
  requireStaff(context);
  const timetable = await loadTimetable(context, request.param('id'));
  const progress = solverOf(timetable.data);
  if (progress.phase !== 'done' || (timetable.data.progress['unplaced'] ?? 0) !== 0) {
    throw new ConflictError({
      zh: '课表尚未排完（或有未排入的课），不能发布',
      en: 'The timetable is not finished',
    });
  }
  const publishedAt = new Date().toISOString();
  await context.collections
    .use('timetables')
    .update(timetable.id, { status: 'published', publishedAt }, { expectedVersion: timetable.version });
  const problem = problemOf(timetable.data);
  const sent: string[] = [];
  const withoutBoard: string[] = [];
  if (context.hasScope('iot:commands:class-board')) {
    const boards = await context.iot.listDevices({ type: 'class-board' });
    for (const cls of problem.classes) {
      const board = boards.find((device) => cls.orgUnitId !== null && device.orgUnitId === cls.orgUnitId);
      if (!board) {
        withoutBoard.push(cls.name);
        continue;
      }
      const lessons = lessonsOf(timetable.data, { classId: cls.id }).map(
        ({ day, period, subject, teacherName, roomName }) => ({
          day,
          period,
          subject,
          teacher: teacherName,
          room: roomName,
        }),
      );
      await context.iot.sendCommand({
        deviceId: board.id,
        command: 'timetable.show',
        params: {
          version: `${timetable.id}@${publishedAt}`,
          className: cls.name,
          days: problem.days,
          periods: problem.periods,
          lessons,
        },
        ttlSeconds: 86_400,
      });
      sent.push(cls.name);
    }
  }
  return { status: 'published', publishedAt, boards: sent, withoutBoard };
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** CSV (UTF-8 with BOM, so Excel reads the Chinese): one row per lesson, or a grid for one class. */
export async function exportTimetable(request: RouteRequest, context: Context) {
  const timetable = await loadTimetable(context, request.param('id'));
  const { classId } = request.query;
  const problem = problemOf(timetable.data);
  const lessons = lessonsOf(timetable.data, classId ? { classId } : {}).filter(
    (lesson) => lesson.day !== null,
  );
  let rows: Array<Array<string | number | null>>;
  if (classId) {
    const days = DAY_NAMES.slice(0, problem.days);
    rows = [['节次', ...days]];
    for (let period = 1; period <= problem.periods; period += 1) {
      rows.push([
        `第${period}节`,
        ...days.map((_, day) => {
          const lesson = lessons.find(
            (candidate) => candidate.day === day + 1 && candidate.period === period,
          );
          return lesson ? `${lesson.subject}（${lesson.teacherName}）` : '';
        }),
      ]);
    }
  } else {
    rows = [['班级', '星期', '节次', '科目', '教师', '教室']];
    lessons.sort(
      (a, b) => a.className.localeCompare(b.className, 'zh-CN') || a.day! - b.day! || a.period! - b.period!,
    );
    for (const lesson of lessons)
      rows.push([
        lesson.className,
        lesson.dayName,
        lesson.period,
        lesson.subject,
        lesson.teacherName,
        lesson.roomName,
      ]);
  }
  const csv = `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
  return reply.text(csv, {
    contentType: 'text/csv',
    headers: { 'content-disposition': `attachment; filename="timetable-${timetable.id}.csv"` },
  });
}
