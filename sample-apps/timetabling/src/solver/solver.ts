import { Board, type Snapshot } from './model.ts';

/**
 * Greedy construction, then simulated annealing over moves and swaps. Every step keeps the hard
 * constraints (no class, teacher or room in two places, no lesson in a teacher's unavailable
 * slot): a move that would break one is never made, so hard conflicts stay at zero and a lesson
 * that finds no legal slot stays unplaced (and is reported) instead.
 *
 * The solver is resumable: `step` does at most `budget` units of work and returns the state to
 * store, so a timetable is solved across many short sandbox calls (see README: CPU budget).
 */
export interface SolverState {
  phase: 'construct' | 'improve' | 'done';
  /** Construction: position in the placement order. */
  next: number;
  iteration: number;
  maxIterations: number;
  /** mulberry32 state, so a run is reproducible and resumable. */
  seed: number;
  placement: number[];
  /** Units placed by hand, which the solver does not move. */
  locked: number[];
}

/** A type alias (not an interface), so it is a JSON value a route can return. */
export type Progress = {
  phase: SolverState['phase'];
  iteration: number;
  maxIterations: number;
  /** 0–100. */
  percent: number;
  hardConflicts: number;
  unplaced: number;
  soft: { spread: number; consecutive: number; total: number };
};

export function initialState(snapshot: Snapshot, maxIterations: number, seed = 20261121): SolverState {
  const count = snapshot.requirements.reduce((sum, requirement) => sum + requirement.hours, 0);
  const placement = Array.from({ length: count }, () => -1);
  return { phase: 'construct', next: 0, iteration: 0, maxIterations, seed, placement, locked: [] };
}

function random(state: { seed: number }): () => number {
  return () => {
    state.seed = (state.seed + 0x6d2b79f5) >>> 0;
    let t = state.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hardest first: teachers and classes with the most lessons, then fewer free slots. */
function constructionOrder(board: Board): number[] {
  const teacherLoad = new Map<number, number>();
  for (const unit of board.units) teacherLoad.set(unit.teacher, (teacherLoad.get(unit.teacher) ?? 0) + 1);
  const blocked = board.snapshot.teachers.map((teacher) => teacher.unavailable.length);
  const weight = (u: number) => {
    const unit = board.units[u]!;
    return (teacherLoad.get(unit.teacher) ?? 0) + 2 * blocked[unit.teacher]!;
  };
  return board.units.map((_, u) => u).sort((a, b) => weight(b) - weight(a) || a - b);
}

/** The soft cost of the days a unit's class and teacher touch in these slots. */
function localCost(board: Board, units: ReadonlyArray<number>, slots: ReadonlyArray<number>): number {
  const { periods } = board.snapshot;
  const seen = new Set<string>();
  let cost = 0;
  for (const u of units) {
    const unit = board.units[u]!;
    for (const slot of slots) {
      if (slot < 0) continue;
      const day = Math.floor(slot / periods);
      if (!seen.has(`c${unit.cls}:${day}`)) cost += board.classDayCost(unit.cls, day);
      if (!seen.has(`t${unit.teacher}:${day}`)) cost += board.teacherDayCost(unit.teacher, day);
      seen.add(`c${unit.cls}:${day}`).add(`t${unit.teacher}:${day}`);
    }
  }
  return cost;
}

/** Places a unit in its cheapest legal slot, or makes room by moving one blocking unit elsewhere. */
function placeGreedy(board: Board, u: number, locked: ReadonlySet<number>): boolean {
  let bestSlot = -1;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let slot = 0; slot < board.slots; slot += 1) {
    if (!board.canPlace(u, slot)) continue;
    board.place(u, slot);
    const cost = localCost(board, [u], [slot]);
    board.remove(u);
    if (cost < bestCost) [bestSlot, bestCost] = [slot, cost];
  }
  if (bestSlot >= 0) {
    board.place(u, bestSlot);
    return true;
  }
  for (let slot = 0; slot < board.slots; slot += 1) {
    const blocking = new Set(board.conflicts(u, slot).map((conflict) => conflict.unit));
    const [other] = blocking;
    if (blocking.size !== 1 || other === null || other === undefined || locked.has(other)) continue;
    const from = board.placement[other]!;
    board.remove(other);
    board.place(u, slot);
    for (let target = 0; target < board.slots; target += 1) {
      if (target !== from && board.canPlace(other, target)) {
        board.place(other, target);
        return true;
      }
    }
    board.remove(u);
    board.place(other, from);
  }
  return false;
}

/** One annealing move: a unit to a random slot, swapping with its class's lesson there if needed. */
function tryMove(board: Board, rand: () => number, temperature: number, locked: ReadonlySet<number>): void {
  const u = Math.floor(rand() * board.units.length);
  const from = board.placement[u]!;
  if (from < 0 || locked.has(u)) return;
  const to = Math.floor(rand() * board.slots);
  if (to === from) return;
  const v = board.classAt(board.units[u]!.cls, to);
  if (v >= 0 && locked.has(v)) return;
  const moved = v >= 0 ? [u, v] : [u];
  const before = localCost(board, moved, [from, to]);
  board.remove(u);
  if (v >= 0) board.remove(v);
  const legal = board.canPlace(u, to) && (v < 0 || board.canPlace(v, from));
  if (legal) {
    board.place(u, to);
    if (v >= 0) board.place(v, from);
    const delta = localCost(board, moved, [from, to]) - before;
    if (delta <= 0 || rand() < Math.exp(-delta / temperature)) return;
    board.remove(u);
    if (v >= 0) board.remove(v);
  }
  board.place(u, from);
  if (v >= 0) board.place(v, to);
}

/**
 * Runs at most `budget` units of work (a construction placement counts as one per slot tried, an
 * annealing move as one) and returns the new state with its progress.
 */
export function step(
  snapshot: Snapshot,
  input: SolverState,
  budget: number,
): { state: SolverState; progress: Progress } {
  const state: SolverState = { ...input };
  const board = new Board(snapshot, state.placement);
  const rand = random(state);
  const locked = new Set(state.locked);
  let work = 0;
  if (state.phase === 'construct') {
    const order = constructionOrder(board);
    while (state.next < order.length && work < budget) {
      const u = order[state.next]!;
      if (board.placement[u]! < 0) placeGreedy(board, u, locked);
      state.next += 1;
      work += board.slots;
    }
    if (state.next >= order.length) state.phase = 'improve';
  }
  if (state.phase === 'improve') {
    while (state.iteration < state.maxIterations && work < budget) {
      const temperature = Math.max(0.05, 2 * (1 - state.iteration / state.maxIterations));
      tryMove(board, rand, temperature, locked);
      state.iteration += 1;
      work += 1;
      if (state.iteration % 500 === 0) {
        for (let u = 0; u < board.units.length; u += 1)
          if (board.placement[u]! < 0) placeGreedy(board, u, locked);
      }
    }
  }
  state.placement = [...board.placement];
  // The temperature ends near zero, so the last state is a local optimum; keeping it (rather than
  // the best seen at a call boundary) makes the result independent of how the work was split.
  if (state.phase === 'improve' && state.iteration >= state.maxIterations) state.phase = 'done';
  return { state, progress: progressOf(snapshot, state) };
}

export function progressOf(snapshot: Snapshot, state: SolverState): Progress {
  const board = new Board(snapshot, state.placement);
  const constructed = board.units.length === 0 ? 1 : state.next / board.units.length;
  const percent =
    state.phase === 'done'
      ? 100
      : Math.floor(10 * constructed + 90 * (state.iteration / Math.max(1, state.maxIterations)));
  return {
    phase: state.phase,
    iteration: state.iteration,
    maxIterations: state.maxIterations,
    percent: Math.min(100, percent),
    hardConflicts: board.hardConflicts(),
    unplaced: board.unplaced(),
    soft: board.softCost(),
  };
}
