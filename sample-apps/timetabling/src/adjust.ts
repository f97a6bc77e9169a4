import { ConflictError, InputError, type RouteRequest } from '@campusbase/plugin-sdk';
import { Board, type Conflict } from './solver/model.ts';
import { progressOf } from './solver/solver.ts';
import { json, loadTimetable, problemOf, solverOf } from './timetables.ts';
import type { Context } from './types.ts';
import { bodyOf, DAY_NAMES, requireStaff } from './util.ts';

function integer(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError(
      { zh: `${field} 应为 1 到 ${max} 的整数`, en: `${field} must be an integer from 1 to ${max}` },
      { field },
    );
  }
  return value;
}

function describe(board: Board, conflict: Conflict, slot: number): string {
  const { periods, classes, teachers, rooms, subjects } = board.snapshot;
  const when = `${DAY_NAMES[Math.floor(slot / periods)]}第${(slot % periods) + 1}节`;
  if (conflict.unit === null) return `${when}是该教师不可排课时间`;
  const other = board.units[conflict.unit]!;
  const lesson = `${classes[other.cls]!.name}的${subjects[other.subject]!.name}`;
  if (conflict.kind === 'teacher') return `${teachers[other.teacher]!.name}${when}已有课（${lesson}）`;
  if (conflict.kind === 'room') return `${rooms[other.room]!.name}${when}已被占用（${lesson}）`;
  return `${classes[other.cls]!.name}${when}已有${subjects[other.subject]!.name}`;
}

/**
 * POST /timetables/:id/move `{ unit, day, period, dryRun? }`: moves a lesson by hand. When the class
 * already has a lesson in that slot the two swap places. Any hard conflict refuses the move with
 * every reason; `dryRun` only reports. A moved lesson is locked, so the solver leaves it alone.
 */
export async function moveLesson(request: RouteRequest, context: Context) {
  requireStaff(context);
  const timetable = await loadTimetable(context, request.param('id'));
  const problem = problemOf(timetable.data);
  const solver = solverOf(timetable.data);
  const board = new Board(problem, solver.placement);
  const input = bodyOf(request.body);
  const u = typeof input['unit'] === 'number' ? input['unit'] : -1;
  if (!Number.isInteger(u) || u < 0 || u >= board.units.length) {
    throw new InputError({ zh: '没有这节课', en: 'No such lesson' }, { field: 'unit' });
  }
  const to =
    (integer(input['day'], 'day', problem.days) - 1) * problem.periods +
    integer(input['period'], 'period', problem.periods) -
    1;
  const from = board.placement[u]!;
  const v = board.classAt(board.units[u]!.cls, to);
  const swapWith = v >= 0 && v !== u ? v : null;
  board.remove(u);
  if (swapWith !== null) board.remove(swapWith);
  const reasons = [
    ...board.conflicts(u, to).map((conflict) => describe(board, conflict, to)),
    ...(swapWith === null
      ? []
      : from < 0
        ? ['这节课尚未排入，不能与已有课程对调']
        : board.conflicts(swapWith, from).map((conflict) => describe(board, conflict, from))),
  ];
  if (reasons.length > 0 || input['dryRun'] === true) {
    if (input['dryRun'] === true)
      return { ok: reasons.length === 0, conflicts: reasons, swapWith, progress: timetable.data.progress };
    throw new ConflictError(
      { zh: `不能调整：${reasons.join('；')}`, en: 'The move breaks a hard constraint' },
      { conflicts: reasons },
    );
  }
  board.place(u, to);
  if (swapWith !== null) board.place(swapWith, from);
  const next = { ...solver, placement: [...board.placement], locked: [...new Set([...solver.locked, u])] };
  const progress = progressOf(problem, next);
  await context.collections
    .use('timetables')
    .update(
      timetable.id,
      { solver: json(next), progress: json(progress) },
      { expectedVersion: timetable.version },
    );
  return { ok: true, conflicts: [], swapWith, progress };
}
