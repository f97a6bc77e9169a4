import type { Page } from './collections.ts';

/** People and the organisation of the school, limited by the scopes the admin approved. */

export type PersonKind = 'student' | 'teacher' | 'staff' | 'guardian';

export interface PersonContact {
  readonly phone: string | null;
  readonly email: string | null;
}

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly kind: PersonKind;
  /** Classes or departments the person belongs to. */
  readonly orgUnitIds: ReadonlyArray<string>;
  /** Present only when asked for with `include: ['contact']`, which needs `people:read:contact`. */
  readonly contact?: PersonContact;
}

export interface PeopleQuery {
  readonly orgUnitId?: string;
  /** With `orgUnitId`: also the people of every unit below it. */
  readonly includeDescendants?: boolean;
  readonly kind?: PersonKind;
  /** Matches names. */
  readonly search?: string;
  readonly include?: ReadonlyArray<'contact'>;
  /** Default 50, at most 500. */
  readonly limit?: number;
  readonly cursor?: string;
}

/** How a guardian is related to the student, as the school recorded it. */
export type GuardianRelation = 'father' | 'mother' | 'grandparent' | 'guardian' | 'other';

/** A guardian of one student: who to notify, never how to reach them directly. */
export interface Guardian {
  /** A person id to pass to `messages.send({ type: 'people', personIds })`. */
  readonly id: string;
  readonly name: string;
  readonly relation: GuardianRelation;
  /** Whether the message centre can reach them by SMS; the number itself is never given. */
  readonly hasPhone: boolean;
}

/**
 * Needs `people:read:basic`; `include: ['contact']` also needs `people:read:contact`;
 * `guardiansOf` needs `people:read:guardians`.
 */
export interface People {
  get(id: string, options?: { readonly include?: ReadonlyArray<'contact'> }): Promise<Person | null>;
  list(query?: PeopleQuery): Promise<Page<Person>>;
  /**
   * The guardians the school recorded for one of its students, in a stable order (by relation,
   * then name). Throws `NotFoundError` (`student_not_found`) when the id is not an active student
   * of this school; an empty list means the student has no guardian on record.
   *
   * @example
   * const guardians = await context.people.guardiansOf(studentId);
   * await context.messages.send({ type: 'people', personIds: guardians.map((g) => g.id) }, notice);
   */
  guardiansOf(studentId: string): Promise<ReadonlyArray<Guardian>>;
}

export type OrgUnitKind = 'school' | 'campus' | 'grade' | 'class' | 'department' | 'group';

export interface OrgUnit {
  readonly id: string;
  readonly parentId: string | null;
  readonly kind: OrgUnitKind;
  readonly name: string;
  readonly code: string | null;
}

/** Needs `org:read`. */
export interface Org {
  get(id: string): Promise<OrgUnit | null>;
  /** Children of `parentId`; the school's top units when it is `null`; every unit when absent. */
  list(query?: {
    readonly parentId?: string | null;
    readonly kind?: OrgUnitKind;
  }): Promise<ReadonlyArray<OrgUnit>>;
}
