/**
 * The small, shared set of domain errors. The platform maps each to one HTTP status and the
 * response body `{ error: { code, message, details? } }`; apps throw the same classes from routes.
 *
 * Messages are written for people: what went wrong and what to do. They are zh-CN first, with an
 * English text beside it.
 *
 * @example
 * throw new InputError({ zh: '班级名称不能为空', en: 'The class name must not be empty' }, { field: 'name' });
 */
export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

export type Locale = 'zh-CN' | 'en';

/** JSON-safe details that help the caller fix the request. */
export type ErrorDetails = { readonly [key: string]: unknown } | ReadonlyArray<unknown>;

export abstract class DomainError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;
  readonly code: string;
  readonly text: LocalizedText;
  readonly details: ErrorDetails | undefined;

  constructor(code: string, text: LocalizedText | string, details?: ErrorDetails) {
    const localized = typeof text === 'string' ? { zh: text, en: text } : text;
    super(localized.en);
    this.code = code;
    this.text = localized;
    this.details = details;
  }

  /** The message in the caller's locale. */
  messageFor(locale: Locale): string {
    return locale === 'en' ? this.text.en : this.text.zh;
  }
}

/** The request is malformed or fails validation (400). */
export class InputError extends DomainError {
  readonly status = 400 as const;
  constructor(text: LocalizedText | string, details?: ErrorDetails, code = 'invalid_input') {
    super(code, text, details);
    this.name = 'InputError';
  }
}

/** The caller is not logged in, or the session is no longer valid (401). */
export class UnauthenticatedError extends DomainError {
  readonly status = 401 as const;
  constructor(
    text: LocalizedText | string = { zh: '请先登录', en: 'Please log in first' },
    details?: ErrorDetails,
    code = 'unauthenticated',
  ) {
    super(code, text, details);
    this.name = 'UnauthenticatedError';
  }
}

/** The caller is known but may not do this (403). */
export class ForbiddenError extends DomainError {
  readonly status = 403 as const;
  constructor(text: LocalizedText | string, details?: ErrorDetails, code = 'forbidden') {
    super(code, text, details);
    this.name = 'ForbiddenError';
  }
}

/** The thing does not exist, or the caller may not know that it does (404). */
export class NotFoundError extends DomainError {
  readonly status = 404 as const;
  constructor(text: LocalizedText | string, details?: ErrorDetails, code = 'not_found') {
    super(code, text, details);
    this.name = 'NotFoundError';
  }
}

/** The request conflicts with the current state, such as a duplicate key or a stale version (409). */
export class ConflictError extends DomainError {
  readonly status = 409 as const;
  constructor(text: LocalizedText | string, details?: ErrorDetails, code = 'conflict') {
    super(code, text, details);
    this.name = 'ConflictError';
  }
}

/** The caller sent too much, or too often (413 / 429). */
export class LimitError extends DomainError {
  readonly status: 413 | 429;
  readonly retryAfterSeconds: number | undefined;
  constructor(
    text: LocalizedText | string,
    options: { status?: 413 | 429; retryAfterSeconds?: number; details?: ErrorDetails; code?: string } = {},
  ) {
    super(options.code ?? 'rate_limited', text, options.details);
    this.name = 'LimitError';
    this.status = options.status ?? 429;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A dependency is down; try again later (503). */
export class UnavailableError extends DomainError {
  readonly status = 503 as const;
  constructor(text: LocalizedText | string, details?: ErrorDetails, code = 'unavailable') {
    super(code, text, details);
    this.name = 'UnavailableError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
