import type { AppContext, JsonValue } from '@campusbase/plugin-sdk';

/** The documents of the collections declared in campusbase.app.json. */

export interface Card {
  [key: string]: JsonValue;
  cardNo: string;
  studentId: string;
  studentName: string;
  classId: string;
  className: string;
  guardianIds: string[];
}

export type DayStatus = 'present' | 'late' | 'absent' | 'leave';

export interface Swipe {
  [key: string]: JsonValue;
  at: string;
  direction: 'in' | 'out';
  deviceId: string | null;
}

/** One student on one school day; `key` is `studentId:date`, unique. */
export interface Presence {
  [key: string]: JsonValue;
  key: string;
  studentId: string;
  studentName: string;
  classId: string;
  date: string;
  status: DayStatus;
  arrivedAt: string | null;
  departedAt: string | null;
  swipes: Swipe[];
}

export interface Leave {
  [key: string]: JsonValue;
  studentId: string;
  studentName: string;
  classId: string;
  from: string;
  to: string;
  kind: 'sick' | 'personal';
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  requestedByName: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string;
}

export interface RollCallEntry {
  [key: string]: JsonValue;
  studentId: string;
  status: DayStatus;
}

/** One lesson of one class; `key` is `classId:date:lesson`, unique. */
export interface RollCall {
  [key: string]: JsonValue;
  key: string;
  classId: string;
  date: string;
  lesson: number;
  takenBy: string;
  takenByName: string;
  takenAt: string;
  entries: RollCallEntry[];
}

export type NoticeKind = 'arrival' | 'departure' | 'absence';

/** A parent notice waiting for the `notify` job; `key` is `kind:studentId:date`, so each goes out once. */
export interface OutboxNotice {
  [key: string]: JsonValue;
  key: string;
  kind: NoticeKind;
  studentId: string;
  guardianIds: string[];
  title: string;
  body: string;
  status: 'pending' | 'sent' | 'skipped' | 'failed';
  error: string | null;
  sentAt: string | null;
}

export interface AttendanceSettings {
  [key: string]: JsonValue;
  lateAfter: string;
  notifyArrival: boolean;
  notifyDeparture: boolean;
  notifyAbsence: boolean;
  alertTeachers: boolean;
  notifyPerMinute: number;
  schoolDays: number[];
  holidays: string[];
}

export type AttendanceTypes = {
  settings: AttendanceSettings;
  collections: {
    cards: Card;
    presence: Presence;
    leaves: Leave;
    rollcalls: RollCall;
    outbox: OutboxNotice;
  };
};

export type Context = AppContext<AttendanceTypes>;
