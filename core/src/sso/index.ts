import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Identity } from '../auth/identity.ts';
import { originCheckExemptions } from '../auth/mount.ts';
import type { Database } from '../db/database.ts';
import type { AppEnv } from '../http/types.ts';
import type { Logger } from '../logger.ts';
import { ssoAdminRoutes } from './admin.routes.ts';
import { casRoutes } from './cas/cas.routes.ts';
import { loginScriptRoute } from './login-page.ts';
import { createOidcHost, type OidcHost } from './oidc/host.ts';
import { interactionRoutes } from './oidc/interaction.routes.ts';
import { mountOidcProvider, OIDC_PREFIX } from './oidc/mount.ts';
import { platformSession } from './platform-session.ts';
import { sealer } from './sealed.ts';

export interface SsoOptions {
  /** The app-role pool. */
  db: Kysely<Database>;
  logger: Logger;
  secret: string;
  publicUrl: string;
  identity: Identity;
}

/**
 * Mounts single sign-on for schools' other systems: the OpenID Connect provider under /oidc (with
 * its login and consent pages), CAS 2.0/3.0 under /cas, and the admin routes for clients and
 * services. Call after identity is mounted (it needs the session middleware) and before the portal.
 *
 * @example
 * const identity = mountIdentity(app, db, logger, security);
 * mountSso(app, { db: db.app, logger, secret, publicUrl, identity });
 */
export function mountSso(app: OpenAPIHono<AppEnv>, options: SsoOptions): OidcHost {
  // Relying parties call these server-to-server, or cross-origin from a public client (CORS).
  for (const prefix of [`${OIDC_PREFIX}/token`, `${OIDC_PREFIX}/me`]) {
    if (!originCheckExemptions.includes(prefix)) originCheckExemptions.push(prefix);
  }
  const session = platformSession(options.identity);
  const keySealer = sealer(options.secret, 'sso:oidc-signing-keys');
  const clientSealer = sealer(options.secret, 'sso:oidc-client-secrets');
  const host = createOidcHost({
    db: options.db,
    logger: options.logger,
    secret: options.secret,
    issuer: `${options.publicUrl.replace(/\/$/, '')}${OIDC_PREFIX}`,
    clientSealer,
    keySealer,
    platformPerson: async (cookie) => (await session.personOf(cookie))?.personId ?? null,
    endPlatformSession: (cookie) => session.end(cookie),
  });
  loginScriptRoute(app);
  interactionRoutes(app, { host, session });
  ssoAdminRoutes(app, { db: options.db, clientSealer, keySealer, host });
  casRoutes(app, { db: options.db, session });
  mountOidcProvider(app, host);
  return host;
}
