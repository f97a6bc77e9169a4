import type { TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

declare const serialisedOf: unique symbol;

/**
 * JSON known to encode a `T`, as UTF-8 bytes: what `serialise` returns, so a cached answer keeps
 * its type. Bytes, not a string: a string with Chinese in it is measured and transcoded again on
 * every write.
 */
export type SerialisedJson<T> = Buffer & { readonly [serialisedOf]: T };

export function serialise<T>(value: T): SerialisedJson<T> {
  return Buffer.from(JSON.stringify(value)) as SerialisedJson<T>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * A JSON response from JSON serialised earlier, typed as `c.json(value, status)` would be, for
 * answers that are cached as text (so a hot read does not stringify the same object every time).
 *
 * @example
 * const json = serialise(view);
 * return jsonText(json, 200);
 */
export function jsonText<T, S extends ContentfulStatusCode>(
  json: SerialisedJson<T>,
  status: S,
): Response & TypedResponse<T, S, 'json'> {
  return new Response(json, { status, headers: JSON_HEADERS }) as Response & TypedResponse<T, S, 'json'>;
}
