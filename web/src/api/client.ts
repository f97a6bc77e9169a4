import type { paths } from './openapi.gen.ts';

/**
 * The portal's typed API client. Paths, parameters, bodies and responses come from
 * `openapi.gen.ts`, which is generated from the platform's /api/openapi.json, so a route that
 * changes shape breaks the portal's type check instead of its users.
 *
 * @example
 * const school = await api.get('/api/v1/tenants/{code}/public', { path: { code: '2145010301' } });
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths that answer a method. */
export type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<M, unknown> ? P : never;
}[keyof paths];

export type Operation<P extends keyof paths, M extends Method> =
  paths[P] extends Record<M, infer O> ? O : never;

type SuccessStatus = '200' | '201' | '202' | '204';

/** The body of the operation's success response. */
export type Success<O> = O extends { responses: infer R } ? R[Extract<keyof R, SuccessStatus>] : never;

type PathInit<O> = O extends { path: never }
  ? { path?: undefined }
  : O extends { path: infer P }
    ? { path: P }
    : { path?: undefined };
type QueryInit<O> = O extends { query: infer Q }
  ? { query: Q }
  : O extends { query?: infer Q }
    ? [Exclude<Q, undefined>] extends [never]
      ? { query?: undefined }
      : { query?: Q }
    : { query?: undefined };
type BodyField<O> = O extends { body: never }
  ? { body?: undefined }
  : O extends { body: infer B }
    ? { body: B }
    : O extends { body?: infer B }
      ? { body?: B }
      : { body?: undefined };

export type RequestInit<O> = PathInit<O> & QueryInit<O> & BodyField<O> & { signal?: AbortSignal };

type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
/** The init argument is optional when nothing in it is required. */
export type InitArgs<O> = [RequiredKeys<RequestInit<O>>] extends [never]
  ? [init?: RequestInit<O>]
  : [init: RequestInit<O>];

/** What the platform answers on failure: `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** From Retry-After, when the server throttled or locked the caller. */
  readonly retryAfterSeconds: number | null;
  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    retryAfterSeconds?: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds ?? null;
  }
}

export interface ClientHooks {
  /** The locale sent as Accept-Language, so error messages come back in the portal's language. */
  locale(): string;
  /** Called on every 401, for example to send the user to the login page. */
  onUnauthenticated?(error: ApiError): void;
}

let hooks: ClientHooks = { locale: () => 'zh-CN' };

export function configureClient(next: ClientHooks): void {
  hooks = next;
}

/** Fills `{name}` placeholders, each value URL-encoded. */
export function fillPath(template: string, values: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values?.[name];
    if (value === undefined || value === null)
      throw new Error(`Missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, String(item));
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function errorFrom(response: Response): Promise<ApiError> {
  const fallback = `${response.status} ${response.statusText}`.trim();
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  const error = body?.error;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? fallback,
    error?.details,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

/** One call. Resolves with the success body (undefined for 204); rejects with `ApiError`. */
export interface RequestOptions {
  path?: object;
  query?: object;
  body?: unknown;
  signal?: AbortSignal;
}

export async function request<T>(method: string, template: string, init: RequestOptions = {}): Promise<T> {
  const url =
    fillPath(template, init.path as Record<string, unknown> | undefined) +
    queryString(init.query as Record<string, unknown> | undefined);
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': hooks.locale() };
  let body: BodyInit | undefined;
  if (init.body instanceof FormData || init.body instanceof Blob) {
    // Files go as they are; the browser sets the multipart boundary or the file's type.
    body = init.body;
  } else if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(url, {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: init.signal,
  });
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401) hooks.onUnauthenticated?.(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

function caller<M extends Method>(method: M) {
  return <P extends PathOf<M>>(path: P, ...[init]: InitArgs<Operation<P, M>>) =>
    request<Success<Operation<P, M>>>(method.toUpperCase(), path, (init ?? {}) as RequestOptions);
}

export const api = {
  get: caller('get'),
  post: caller('post'),
  put: caller('put'),
  patch: caller('patch'),
  delete: caller('delete'),
};
