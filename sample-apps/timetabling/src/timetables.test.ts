import { describe, expect, it } from 'vitest';
import { idOf, school, solveAll, student } from './fixtures.ts';

type Lesson = {
  unit: number;
  day: number;
  period: number;
  classId: string;
  teacherId: string;
  teacherName: string;
};

async function demoTimetable() {
  const host = school();
  expect((await host.request('POST', '/demo')).status).toBe(201);
  const created = await host.request('POST', '/timetables', { body: { name: '2026 秋季学期' } });
  expect(created.status).toBe(201);
  return { host, id: idOf(created) };
}

describe('timetables on the demo school', () => {
  it('solves across many short calls with rising progress, no hard conflicts and nothing unplaced', async () => {
    const { host, id } = await demoTimetable();
    const { calls, percents } = await solveAll(host, id);
    expect(calls).toBeGreaterThan(1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const view = await host.request('GET', `/timetables/${id}`);
    expect(view.body).toMatchObject({
      progress: { phase: 'done', hardConflicts: 0, unplaced: 0, percent: 100 },
    });
    expect((view.body as { lessons: Lesson[] }).lessons).toHaveLength(180);
  });

  it('keeps solving in the background job', async () => {
    const { host, id } = await demoTimetable();
    await host.runJob('solve');
    await host.runJob('solve');
    const progress = (await host.request('GET', `/timetables/${id}`)).body as {
      progress: { iteration: number };
    };
    expect(progress.progress.iteration).toBeGreaterThan(0);
  });

  it('refuses a hand move that double-books a teacher, and explains why', async () => {
    const { host, id } = await demoTimetable();
    await solveAll(host, id);
    const { lessons } = (await host.request('GET', `/timetables/${id}`)).body as { lessons: Lesson[] };
    // A lesson, and a slot where its teacher is teaching another class.
    const [lesson, busy] = lessons.flatMap((a) =>
      lessons
        .filter((b) => b.teacherId === a.teacherId && b.classId !== a.classId)
        .map((b) => [a, b] as const),
    )[0]!;
    const move = { unit: lesson.unit, day: busy.day, period: busy.period };
    const dry = await host.request('POST', `/timetables/${id}/move`, { body: { ...move, dryRun: true } });
    expect(dry.body).toMatchObject({ ok: false });
    const refused = await host.request('POST', `/timetables/${id}/move`, { body: move });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain(`${lesson.teacherName}`);
  });

  it('swaps two lessons of a class when both fit, and locks the moved one', async () => {
    const { host, id } = await demoTimetable();
    await solveAll(host, id);
    const { lessons } = (await host.request('GET', `/timetables/${id}`)).body as { lessons: Lesson[] };
    const mine = lessons.filter((lesson) => lesson.classId === lessons[0]!.classId);
    for (const candidate of mine) {
      const move = { unit: mine[0]!.unit, day: candidate.day, period: candidate.period };
      if (candidate.unit === mine[0]!.unit) continue;
      const dry = await host.request('POST', `/timetables/${id}/move`, { body: { ...move, dryRun: true } });
      if (!(dry.body as { ok: boolean }).ok) continue;
      const moved = await host.request('POST', `/timetables/${id}/move`, { body: move });
      expect(moved.body).toMatchObject({
        ok: true,
        swapWith: candidate.unit,
        progress: { hardConflicts: 0 },
      });
      const after = (await host.request('GET', `/timetables/${id}`)).body as {
        lessons: Array<Lesson & { locked: boolean }>;
      };
      expect(after.lessons.find((lesson) => lesson.unit === mine[0]!.unit)).toMatchObject({
        day: candidate.day,
        period: candidate.period,
        locked: true,
      });
      return;
    }
    throw new Error('no legal swap found');
  });

  it('exports CSV for one class as a week grid and for the school as rows', async () => {
    const { host, id } = await demoTimetable();
    await solveAll(host, id);
    const { classes } = (await host.request('GET', `/timetables/${id}`)).body as {
      classes: Array<{ id: string }>;
    };
    const grid = await host.request('GET', `/timetables/${id}/export?classId=${classes[0]!.id}`);
    expect(grid.headers).toMatchObject({ 'content-disposition': expect.stringContaining('.csv') });
    // A byte-order mark first, so Excel reads the Chinese as UTF-8.
    expect(String(grid.body).startsWith('\uFEFF节次,')).toBe(true);
    const lines = String(grid.body).trim().split('\r\n');
    expect(lines[0]).toBe('节次,周一,周二,周三,周四,周五');
    expect(lines).toHaveLength(8);
    const all = String((await host.request('GET', `/timetables/${id}/export`)).body)
      .trim()
      .split('\r\n');
    expect(all).toHaveLength(181);
  });

  it('is for staff only', async () => {
    const { host } = await demoTimetable();
    expect((await host.request('POST', '/timetables', { user: student, body: {} })).status).toBe(403);
  });
});
