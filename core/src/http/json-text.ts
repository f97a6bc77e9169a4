import type { TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

declare const serialisedOf: unique symbol;

/** JSON text known to encode a `T`: what `serialise` returns, so a cached answer keeps its type. */
export type SerialisedJson<T> = string & { readonly [serialisedOf]: T };

export function serialise<T>(value: T): SerialisedJson<T> {
  return JSON.stringify(value) as SerialisedJson<T>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * A JSON response from text serialised earlier, typed as `c.json(value, status)` would be, for
 * answers that are cached as text (so a hot read does not stringify the same object every time).
 *
 * @example
 * const text = serialise(view);
 * return jsonText(text, 200);
 */
export function jsonText<T, S extends ContentfulStatusCode>(
  text: SerialisedJson<T>,
  status: S,
): Response & TypedResponse<T, S, 'json'> {
  return new Response(text, { status, headers: JSON_HEADERS }) as Response & TypedResponse<T, S, 'json'>;
}
