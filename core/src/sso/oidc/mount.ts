import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/types.ts';
import { ssoPageCsp } from '../csp.ts';
import { nodeBindings } from '../node-bindings.ts';
import type { OidcHost } from './host.ts';

export const OIDC_PREFIX = '/oidc';

/** The provider's own endpoints, described for the OpenAPI document (the provider serves them). */
const documented: Array<{ method: 'get' | 'post'; path: string; summary: string; type: string }> = [
  {
    method: 'get',
    path: '/.well-known/openid-configuration',
    summary: 'Discovery document',
    type: 'application/json',
  },
  {
    method: 'get',
    path: '/jwks',
    summary: 'Public signing keys (current, next and recently retired)',
    type: 'application/json',
  },
  {
    method: 'get',
    path: '/auth',
    summary: 'Authorization endpoint (code flow with PKCE S256)',
    type: 'text/html',
  },
  { method: 'post', path: '/token', summary: 'Token endpoint', type: 'application/json' },
  { method: 'get', path: '/me', summary: 'UserInfo endpoint', type: 'application/json' },
  {
    method: 'post',
    path: '/token/revocation',
    summary: 'Token revocation (RFC 7009)',
    type: 'application/json',
  },
  { method: 'get', path: '/session/end', summary: 'RP-initiated logout', type: 'text/html' },
  {
    method: 'post',
    path: '/session/end/confirm',
    summary: 'Confirm logout (ends the platform session too)',
    type: 'text/html',
  },
];

/**
 * Mounts oidc-provider (a Koa app) under /oidc on Hono. @hono/node-server hands Hono the raw Node
 * request and response in `c.env`; the provider answers on them directly, and Hono is told the
 * response is already sent. Express-style mounting: `req.url` loses the prefix and `originalUrl`
 * keeps it, which is how oidc-provider builds its absolute URLs.
 */
export function mountOidcProvider(app: OpenAPIHono<AppEnv>, host: OidcHost): void {
  for (const endpoint of documented) {
    app.openAPIRegistry.registerPath({
      method: endpoint.method,
      path: `${OIDC_PREFIX}${endpoint.path}`,
      tags: ['SSO: OpenID Connect'],
      summary: endpoint.summary,
      responses: {
        200: {
          description: 'Served by the OpenID Connect provider',
          content: { [endpoint.type]: { schema: {} } },
        },
      },
    });
  }

  app.all(`${OIDC_PREFIX}/*`, async function oidcProvider(c) {
    const { incoming, outgoing } = nodeBindings(c);
    const handler = await host.handler();
    const original = incoming.url ?? '/';
    Object.assign(incoming, { originalUrl: original, url: original.slice(OIDC_PREFIX.length) || '/' });
    // The provider's pages must not be framed (clickjacking on consent and logout). Their forms
    // stay on this origin unless the provider names a validated client URI (see formTargetsOf).
    outgoing.setHeader('X-Frame-Options', 'DENY');
    outgoing.setHeader('Content-Security-Policy', ssoPageCsp());
    outgoing.setHeader('X-Content-Type-Options', 'nosniff');
    outgoing.setHeader('Referrer-Policy', 'no-referrer');
    await handler(incoming, outgoing);
    return RESPONSE_ALREADY_SENT;
  });
}
