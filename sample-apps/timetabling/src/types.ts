import type { AppContext, JsonObject, JsonValue } from '@campusbase/plugin-sdk';

/** The documents of the collections declared in campusbase.app.json. */

export interface Subject {
  [key: string]: JsonValue;
  code: string;
  name: string;
}

export interface Teacher {
  [key: string]: JsonValue;
  name: string;
  personId: string | null;
  /** Day 1 = Monday; period 1 = the first lesson. */
  unavailable: Array<{ [key: string]: JsonValue; day: number; period: number }>;
}

export interface Room {
  [key: string]: JsonValue;
  name: string;
  kind: string;
}

export interface SchoolClass {
  [key: string]: JsonValue;
  name: string;
  orgUnitId: string | null;
  roomId: string;
}

/** Weekly hours of a subject for a class, with its teacher and (for labs, the gym) its room. */
export interface Requirement {
  [key: string]: JsonValue;
  classId: string;
  subjectCode: string;
  teacherId: string;
  hours: number;
  roomId: string | null;
}

/** A timetable: its frozen problem (`Snapshot`), the resumable solver state and the last progress. */
export interface Timetable {
  [key: string]: JsonValue;
  name: string;
  status: 'draft' | 'published';
  problem: JsonObject;
  solver: JsonObject;
  progress: JsonObject;
  createdBy: string;
  publishedAt: string | null;
}

export interface TimetablingSettings {
  [key: string]: JsonValue;
  days: number;
  periods: number;
  maxConsecutive: number;
  iterationsPerCall: number;
  maxIterations: number;
}

export type TimetablingTypes = {
  settings: TimetablingSettings;
  collections: {
    subjects: Subject;
    teachers: Teacher;
    rooms: Room;
    classes: SchoolClass;
    requirements: Requirement;
    timetables: Timetable;
  };
};

export type Context = AppContext<TimetablingTypes>;

export const SETUP_KINDS = ['subjects', 'teachers', 'rooms', 'classes', 'requirements'] as const;
export type SetupKind = (typeof SETUP_KINDS)[number];
