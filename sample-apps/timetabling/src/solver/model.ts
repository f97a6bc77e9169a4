/**
 * The timetabling problem as plain data, stored inside each timetable (so later edits to the
 * school's setup do not change a timetable being solved), and the board the solver works on.
 * Everything is indexes into the snapshot's arrays; a slot is `day * periods + period`.
 */
export interface Snapshot {
  days: number;
  periods: number;
  maxConsecutive: number;
  classes: Array<{ id: string; name: string; orgUnitId: string | null }>;
  teachers: Array<{ id: string; name: string; unavailable: number[] }>;
  rooms: Array<{ id: string; name: string }>;
  subjects: Array<{ code: string; name: string }>;
  requirements: Array<{ cls: number; teacher: number; room: number; subject: number; hours: number }>;
}

/** One lesson to place: one hour of one requirement. */
export interface Unit {
  cls: number;
  teacher: number;
  room: number;
  subject: number;
}

export function unitsOf(snapshot: Snapshot): Unit[] {
  return snapshot.requirements.flatMap(({ cls, teacher, room, subject, hours }) =>
    Array.from({ length: hours }, () => ({ cls, teacher, room, subject })),
  );
}

export type ConflictKind = 'class' | 'teacher' | 'room' | 'unavailable';
export interface Conflict {
  kind: ConflictKind;
  /** The unit already there (absent for `unavailable`). */
  unit: number | null;
}

/** Occupancy grids for O(1) hard-constraint checks, and the soft costs per class-day and teacher-day. */
export class Board {
  readonly snapshot: Snapshot;
  readonly units: Unit[];
  readonly slots: number;
  readonly placement: Int32Array;
  readonly #classGrid: Int32Array;
  readonly #teacherGrid: Int32Array;
  readonly #roomGrid: Int32Array;
  readonly #unavailable: Uint8Array;
  /** Lessons per day a class may have of a subject before it counts against the spread. */
  readonly #allowedPerDay: Int32Array;
  readonly #counts: Int32Array;

  constructor(snapshot: Snapshot, placement: ReadonlyArray<number>) {
    this.snapshot = snapshot;
    this.units = unitsOf(snapshot);
    this.slots = snapshot.days * snapshot.periods;
    const { classes, teachers, rooms, subjects } = snapshot;
    this.#classGrid = new Int32Array(classes.length * this.slots).fill(-1);
    this.#teacherGrid = new Int32Array(teachers.length * this.slots).fill(-1);
    this.#roomGrid = new Int32Array(rooms.length * this.slots).fill(-1);
    this.#unavailable = new Uint8Array(teachers.length * this.slots);
    for (const [t, teacher] of teachers.entries()) {
      for (const slot of teacher.unavailable)
        if (slot >= 0 && slot < this.slots) this.#unavailable[t * this.slots + slot] = 1;
    }
    const hours = new Int32Array(classes.length * subjects.length);
    for (const unit of this.units) hours[unit.cls * subjects.length + unit.subject]! += 1;
    this.#allowedPerDay = hours.map((h) => Math.max(1, Math.ceil(h / snapshot.days)));
    this.#counts = new Int32Array(subjects.length);
    this.placement = new Int32Array(this.units.length).fill(-1);
    for (const [u, slot] of placement.entries()) if (slot >= 0 && u < this.units.length) this.place(u, slot);
  }

  conflicts(u: number, slot: number, ignore: ReadonlySet<number> = new Set()): Conflict[] {
    const unit = this.units[u]!;
    const found: Conflict[] = [];
    const check = (kind: ConflictKind, grid: Int32Array, index: number) => {
      const other = grid[index * this.slots + slot]!;
      if (other >= 0 && other !== u && !ignore.has(other)) found.push({ kind, unit: other });
    };
    check('class', this.#classGrid, unit.cls);
    check('teacher', this.#teacherGrid, unit.teacher);
    check('room', this.#roomGrid, unit.room);
    if (this.#unavailable[unit.teacher * this.slots + slot]) found.push({ kind: 'unavailable', unit: null });
    return found;
  }

  canPlace(u: number, slot: number): boolean {
    const unit = this.units[u]!;
    const s = this.slots;
    const free = (grid: Int32Array, index: number) => {
      const other = grid[index * s + slot]!;
      return other < 0 || other === u;
    };
    return (
      free(this.#classGrid, unit.cls) &&
      free(this.#teacherGrid, unit.teacher) &&
      free(this.#roomGrid, unit.room) &&
      this.#unavailable[unit.teacher * s + slot] === 0
    );
  }

  /** The unit a class has in a slot, or -1. */
  classAt(cls: number, slot: number): number {
    return this.#classGrid[cls * this.slots + slot]!;
  }

  place(u: number, slot: number): void {
    const unit = this.units[u]!;
    this.placement[u] = slot;
    this.#classGrid[unit.cls * this.slots + slot] = u;
    this.#teacherGrid[unit.teacher * this.slots + slot] = u;
    this.#roomGrid[unit.room * this.slots + slot] = u;
  }

  remove(u: number): void {
    const slot = this.placement[u]!;
    if (slot < 0) return;
    const unit = this.units[u]!;
    this.#classGrid[unit.cls * this.slots + slot] = -1;
    this.#teacherGrid[unit.teacher * this.slots + slot] = -1;
    this.#roomGrid[unit.room * this.slots + slot] = -1;
    this.placement[u] = -1;
  }

  /** Same-subject lessons of a class on one day beyond what its weekly hours need. */
  classDayCost(cls: number, day: number): number {
    const { periods } = this.snapshot;
    const subjects = this.snapshot.subjects.length;
    this.#counts.fill(0);
    let cost = 0;
    for (let p = 0; p < periods; p += 1) {
      const u = this.#classGrid[cls * this.slots + day * periods + p]!;
      if (u < 0) continue;
      const subject = this.units[u]!.subject;
      this.#counts[subject]! += 1;
      if (this.#counts[subject]! > this.#allowedPerDay[cls * subjects + subject]!) cost += 1;
    }
    return cost;
  }

  /** Lessons of a teacher in a row beyond `maxConsecutive`, on one day. */
  teacherDayCost(teacher: number, day: number): number {
    const { periods, maxConsecutive } = this.snapshot;
    let run = 0;
    let cost = 0;
    for (let p = 0; p < periods; p += 1) {
      run = this.#teacherGrid[teacher * this.slots + day * periods + p]! >= 0 ? run + 1 : 0;
      if (run > maxConsecutive) cost += 1;
    }
    return cost;
  }

  softCost(): { spread: number; consecutive: number; total: number } {
    let spread = 0;
    let consecutive = 0;
    for (let d = 0; d < this.snapshot.days; d += 1) {
      for (let c = 0; c < this.snapshot.classes.length; c += 1) spread += this.classDayCost(c, d);
      for (let t = 0; t < this.snapshot.teachers.length; t += 1) consecutive += this.teacherDayCost(t, d);
    }
    return { spread, consecutive, total: spread + consecutive };
  }

  /** Pairs of units that break a hard constraint; the solver keeps this at zero. */
  hardConflicts(): number {
    let count = 0;
    for (let u = 0; u < this.units.length; u += 1) {
      const slot = this.placement[u]!;
      if (slot >= 0 && !this.canPlace(u, slot)) count += 1;
    }
    return count;
  }

  unplaced(): number {
    return this.placement.reduce((sum, slot) => sum + (slot < 0 ? 1 : 0), 0);
  }
}
