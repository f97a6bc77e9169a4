import type { RouteRequest } from '@campusbase/plugin-sdk';
import { addDays, campusDate, mondayOf, weekday } from './campus-time.ts';
import { dayStatus } from './day-status.ts';
import { approvedLeaves } from './leaves.ts';
import type { Context, DayStatus, Presence } from './types.ts';
import { dateParam, findAll, requireStaff, roster } from './util.ts';

type Counts = { [status in DayStatus]: number };
const zero = (): Counts => ({ present: 0, late: 0, leave: 0, absent: 0 });

async function presenceBetween(context: Context, from: string, to: string, classId?: string) {
  const docs = await findAll(
    context.collections.use('presence'),
    {
      date: { $gte: from, $lte: to },
      ...(classId ? { classId } : {}),
    },
    50_000,
  );
  return new Map<string, Presence>(docs.map((doc) => [doc.data.key, doc.data]));
}

/** Per class: enrolled and the four statuses for one day, plus who was absent or on leave. */
export async function dailyReport(request: RouteRequest, context: Context) {
  requireStaff(context);
  const date = dateParam(request.query['date'], 'date', campusDate(Date.now()));
  const classId = request.query['classId'] || undefined;
  const students = await roster(context, classId);
  const presence = await presenceBetween(context, date, date, classId);
  const leaves = await approvedLeaves(context, date, date);
  const classes = new Map<string, { classId: string; className: string; enrolled: number } & Counts>();
  const exceptions: Array<{
    studentId: string;
    studentName: string;
    className: string;
    status: DayStatus;
    arrivedAt: string | null;
  }> = [];
  for (const student of students) {
    const record = presence.get(`${student.studentId}:${date}`);
    const status = dayStatus(record, leaves.get(student.studentId), date);
    const row = classes.get(student.classId) ?? {
      classId: student.classId,
      className: student.className,
      enrolled: 0,
      ...zero(),
    };
    row.enrolled += 1;
    row[status] += 1;
    classes.set(student.classId, row);
    if (status !== 'present') {
      exceptions.push({
        studentId: student.studentId,
        studentName: student.studentName,
        className: student.className,
        status,
        arrivedAt: record?.arrivedAt ?? null,
      });
    }
  }
  const rows = [...classes.values()].sort((a, b) => a.className.localeCompare(b.className, 'zh-CN'));
  const total = rows.reduce(
    (sum, row) => ({
      enrolled: sum.enrolled + row.enrolled,
      present: sum.present + row.present,
      late: sum.late + row.late,
      leave: sum.leave + row.leave,
      absent: sum.absent + row.absent,
    }),
    { enrolled: 0, ...zero() },
  );
  return { date, total, classes: rows, exceptions };
}

/**
 * Monday to Friday (or the school's days) of the week containing `week`, up to today: per day the
 * counts and the attendance rate, and the students with late arrivals, leave or absences.
 */
export async function weeklyReport(request: RouteRequest, context: Context) {
  requireStaff(context);
  const today = campusDate(Date.now());
  const monday = mondayOf(dateParam(request.query['week'], 'week', today));
  const classId = request.query['classId'] || undefined;
  const { schoolDays, holidays } = await context.settings.get();
  const dates = [0, 1, 2, 3, 4, 5, 6]
    .map((offset) => addDays(monday, offset))
    .filter((date) => schoolDays.includes(weekday(date)) && !holidays.includes(date) && date <= today);
  const students = await roster(context, classId);
  const sunday = addDays(monday, 6);
  const presence = await presenceBetween(context, monday, sunday, classId);
  const leaves = await approvedLeaves(context, monday, sunday);
  const perStudent = new Map<string, Counts>();
  const days = dates.map((date) => {
    const counts = zero();
    for (const student of students) {
      const status = dayStatus(
        presence.get(`${student.studentId}:${date}`),
        leaves.get(student.studentId),
        date,
      );
      counts[status] += 1;
      const mine = perStudent.get(student.studentId) ?? zero();
      mine[status] += 1;
      perStudent.set(student.studentId, mine);
    }
    const expected = students.length - counts.leave;
    const rate = expected > 0 ? Math.round(((counts.present + counts.late) / expected) * 1000) / 10 : 100;
    return { date, ...counts, rate };
  });
  const studentsWithExceptions = students
    .map((student) => ({
      studentId: student.studentId,
      studentName: student.studentName,
      className: student.className,
      ...(perStudent.get(student.studentId) ?? zero()),
    }))
    .filter((row) => row.late + row.leave + row.absent > 0)
    .sort((a, b) => b.absent - a.absent || b.late - a.late);
  return { from: monday, to: sunday, enrolled: students.length, days, students: studentsWithExceptions };
}
