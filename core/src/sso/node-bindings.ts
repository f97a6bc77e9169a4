import type { HttpBindings } from '@hono/node-server';
import { UnavailableError } from '@campusbase/plugin-sdk/errors';
import type { Context } from 'hono';

/**
 * The raw Node request and response behind a Hono request on @hono/node-server (`c.env`). The OIDC
 * provider is a Koa app and needs them; `app.request()` in tests has none, so this says so.
 */
export function nodeBindings(c: Context): HttpBindings {
  const env = c.env as Partial<HttpBindings> | undefined;
  if (!env?.incoming || !env.outgoing) {
    throw new UnavailableError({
      zh: '统一身份认证只能在 HTTP 服务器上运行',
      en: 'The OpenID Connect provider needs the Node HTTP server (no raw request here)',
    });
  }
  return { incoming: env.incoming, outgoing: env.outgoing };
}
