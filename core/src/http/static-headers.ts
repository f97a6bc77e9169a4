import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/**
 * Adds headers that do not depend on the handler's result. On @hono/node-server they go straight
 * onto the Node response (`setHeader`), where `writeHead` merges them with the handler's own
 * headers, the handler's taking precedence. Touching the Fetch `Headers` of a response instead
 * makes node-server leave its fast path, which costs more than the rest of the kernel together.
 * Without a Node response (`app.request()` in tests) they go onto the Fetch response as usual.
 */
export function addStaticHeaders(c: Context, headers: ReadonlyArray<readonly [string, string]>): void {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (outgoing && !outgoing.headersSent) {
    for (const [name, value] of headers) if (!outgoing.hasHeader(name)) outgoing.setHeader(name, value);
    return;
  }
  const target = c.res.headers;
  for (const [name, value] of headers) if (!target.has(name)) target.set(name, value);
}
