import { describe, expect, it } from 'vitest';
import { Board, type Snapshot } from './model.ts';
import { sampleSchool } from './sample-school.ts';
import { initialState, step } from './solver.ts';

function solve(snapshot: Snapshot, budget: number, maxIterations = 20_000) {
  let state = initialState(snapshot, maxIterations);
  let calls = 0;
  let result = step(snapshot, state, budget);
  for (; result.state.phase !== 'done'; calls += 1) {
    state = result.state;
    result = step(snapshot, state, budget);
  }
  return { ...result, calls };
}

describe('timetable solver', () => {
  it('places every lesson of six classes with zero hard conflicts and respects unavailability', () => {
    const school = sampleSchool(6);
    const { state, progress } = solve(school, 5000);
    expect(progress).toMatchObject({ phase: 'done', hardConflicts: 0, unplaced: 0, percent: 100 });
    const board = new Board(school, state.placement);
    const maths = school.teachers.findIndex((teacher) => teacher.id === 'math-0');
    const mondayMorning = board.units.flatMap((unit, u) =>
      unit.teacher === maths && state.placement[u]! < 4 ? [u] : [],
    );
    expect(mondayMorning).toEqual([]);
  });

  it('improves the soft constraints over the greedy start', () => {
    // Twelve classes share two labs and one gym: the greedy start crowds subjects into few days.
    const school = sampleSchool(12);
    const greedy = step(school, initialState(school, 0), 1_000_000);
    expect(greedy.progress.soft.total).toBeGreaterThan(10);
    const solved = solve(school, 20_000, 40_000);
    expect(solved.progress).toMatchObject({ hardConflicts: 0, unplaced: 0 });
    expect(solved.progress.soft.total).toBeLessThan(greedy.progress.soft.total / 2);
  });

  it('gives the same timetable whether solved in many small calls or a few big ones', () => {
    const school = sampleSchool(4);
    const small = solve(school, 500, 5000);
    const big = solve(school, 100_000, 5000);
    expect(small.calls).toBeGreaterThan(big.calls);
    expect(small.state.placement).toEqual(big.state.placement);
  });

  it('leaves an impossible lesson unplaced rather than double-booking', () => {
    const school = sampleSchool(2);
    // Give the class more lessons than the week has periods.
    school.requirements.push({ cls: 0, teacher: 0, room: 0, subject: 0, hours: 10 });
    const { progress } = solve(school, 100_000, 2000);
    expect(progress.hardConflicts).toBe(0);
    expect(progress.unplaced).toBeGreaterThan(0);
  });

  it('counts hard conflicts in a stored placement that has them', () => {
    const school = sampleSchool(2);
    const board = new Board(school, [0, 0]);
    expect(board.hardConflicts()).toBeGreaterThan(0);
  });
});
