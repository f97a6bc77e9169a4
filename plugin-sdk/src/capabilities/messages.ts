/** Sending notices through the platform's message centre. Needs `messages:send`. */

export type Audience =
  | { readonly type: 'people'; readonly personIds: ReadonlyArray<string> }
  | {
      readonly type: 'orgUnit';
      readonly orgUnitId: string;
      /** Also every unit below it (e.g. a grade and its classes). */
      readonly includeDescendants?: boolean;
      /** Only these kinds of people; `guardian` reaches the guardians of the unit's students. */
      readonly kinds?: ReadonlyArray<'student' | 'teacher' | 'staff' | 'guardian'>;
    };

export interface OutgoingMessage {
  readonly title: string;
  /** Markdown; the platform sanitises it. */
  readonly body: string;
  /** A page of this app to open from the message, by page id. */
  readonly page?: string;
  readonly priority?: 'normal' | 'high';
}

export interface SentMessage {
  readonly messageId: string;
  readonly recipientCount: number;
}

export interface Messages {
  send(audience: Audience, message: OutgoingMessage): Promise<SentMessage>;
}
