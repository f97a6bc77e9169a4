import {
  ConflictError,
  type JobRun,
  type JsonObject,
  NotFoundError,
  type RouteRequest,
  reply,
  type StoredDocument,
} from '@campusbase/plugin-sdk';
import { buildSnapshot } from './snapshot.ts';
import { Board, type Snapshot } from './solver/model.ts';
import { initialState, type Progress, progressOf, type SolverState, step } from './solver/solver.ts';
import type { Context, Timetable } from './types.ts';
import { bodyOf, DAY_NAMES, requireStaff } from './util.ts';

// The stored JSON is written only by this app and validated by the collection schema on write.
export const problemOf = (timetable: Timetable) => timetable.problem as unknown as Snapshot;
export const solverOf = (timetable: Timetable) => timetable.solver as unknown as SolverState;
export const json = (value: Snapshot | SolverState | Progress) => value as unknown as JsonObject;

export async function loadTimetable(context: Context, id: string): Promise<StoredDocument<Timetable>> {
  const timetable = await context.collections.use('timetables').get(id);
  if (!timetable) throw new NotFoundError({ zh: '课表不存在', en: 'No such timetable' });
  return timetable;
}

export async function createTimetable(request: RouteRequest, context: Context) {
  const user = requireStaff(context);
  const input = bodyOf(request.body);
  const name =
    typeof input['name'] === 'string' && input['name'].trim() ? input['name'].trim().slice(0, 60) : '新课表';
  const problem = await buildSnapshot(context);
  const { maxIterations } = await context.settings.get();
  const solver = initialState(problem, maxIterations);
  const stored = await context.collections.use('timetables').insert({
    name,
    status: 'draft',
    problem: json(problem),
    solver: json(solver),
    progress: json(progressOf(problem, solver)),
    createdBy: user.name,
    publishedAt: null,
  });
  return reply.json({ id: stored.id, name, progress: stored.data.progress }, { status: 201 });
}

export async function listTimetables(_request: RouteRequest, context: Context) {
  const page = await context.collections
    .use('timetables')
    .find({ sort: [{ field: '$createdAt', order: 'desc' }], limit: 50 });
  return page.items.map(({ id, data, updatedAt }) => ({
    id,
    name: data.name,
    status: data.status,
    progress: data.progress,
    publishedAt: data.publishedAt,
    updatedAt,
  }));
}

/** Runs one budgeted slice of the solver and stores it; a concurrent slice loses with 409 and is retried. */
async function advance(context: Context, timetable: StoredDocument<Timetable>) {
  const { iterationsPerCall } = await context.settings.get();
  const problem = problemOf(timetable.data);
  const { state, progress } = step(problem, solverOf(timetable.data), iterationsPerCall);
  await context.collections
    .use('timetables')
    .update(
      timetable.id,
      { solver: json(state), progress: json(progress) },
      { expectedVersion: timetable.version },
    );
  return progress;
}

/** POST /timetables/:id/solve: the page calls it again and again, showing the progress, until `done`. */
export async function solveTimetable(request: RouteRequest, context: Context) {
  requireStaff(context);
  const timetable = await loadTimetable(context, request.param('id'));
  if (timetable.data.status === 'published') {
    throw new ConflictError({
      zh: '课表已发布，不能重新排课；请复制为新课表',
      en: 'A published timetable cannot be re-solved',
    });
  }
  if (solverOf(timetable.data).phase === 'done') return timetable.data.progress;
  return advance(context, timetable);
}

/** The `solve` job: keeps unfinished timetables going for a few slices a minute, even with no page open. */
export async function solveInBackground(_run: JobRun, context: Context): Promise<void> {
  const page = await context.collections.use('timetables').find({ filter: { status: 'draft' }, limit: 20 });
  for (const timetable of page.items) {
    if (solverOf(timetable.data).phase === 'done') continue;
    await advance(context, timetable);
    return;
  }
}

/** The lessons of a timetable with names, optionally of one class or one teacher. */
export function lessonsOf(timetable: Timetable, filter: { classId?: string; teacherId?: string } = {}) {
  const problem = problemOf(timetable);
  const board = new Board(problem, solverOf(timetable).placement);
  const locked = new Set(solverOf(timetable).locked);
  return board.units.flatMap((unit, u) => {
    const slot = board.placement[u]!;
    const cls = problem.classes[unit.cls]!;
    const teacher = problem.teachers[unit.teacher]!;
    if (
      (filter.classId && cls.id !== filter.classId) ||
      (filter.teacherId && teacher.id !== filter.teacherId)
    )
      return [];
    const day = slot < 0 ? null : Math.floor(slot / problem.periods) + 1;
    const period = slot < 0 ? null : (slot % problem.periods) + 1;
    return [
      {
        unit: u,
        day,
        period,
        dayName: day ? DAY_NAMES[day - 1]! : null,
        classId: cls.id,
        className: cls.name,
        subject: problem.subjects[unit.subject]!.name,
        teacherId: teacher.id,
        teacherName: teacher.name,
        roomName: problem.rooms[unit.room]!.name,
        locked: locked.has(u),
      },
    ];
  });
}

export async function viewTimetable(request: RouteRequest, context: Context) {
  const timetable = await loadTimetable(context, request.param('id'));
  const { classId, teacherId } = request.query;
  const problem = problemOf(timetable.data);
  return {
    id: timetable.id,
    name: timetable.data.name,
    status: timetable.data.status,
    days: problem.days,
    periods: problem.periods,
    progress: timetable.data.progress,
    classes: problem.classes.map(({ id, name }) => ({ id, name })),
    teachers: problem.teachers.map(({ id, name }) => ({ id, name })),
    lessons: lessonsOf(timetable.data, {
      ...(classId ? { classId } : {}),
      ...(teacherId ? { teacherId } : {}),
    }),
  };
}
