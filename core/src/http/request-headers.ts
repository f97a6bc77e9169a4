import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/**
 * Reads a request header. On @hono/node-server it reads Node's already-parsed header object:
 * `c.req.header()` would make node-server build a full Fetch `Request` (with its `Headers`) for
 * the request, which is the single most expensive step of a small API call. Elsewhere
 * (`app.request()` in tests) it falls back to `c.req.header()`.
 *
 * @example
 * const lang = requestHeader(c, 'accept-language');
 */
export function requestHeader(c: Context, name: Lowercase<string>): string | undefined {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  if (incoming) {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value;
  }
  return c.req.header(name);
}

/** The client's address as the server saw it (no proxy headers are trusted by default). */
export function clientAddress(c: Context): string {
  return (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
}
