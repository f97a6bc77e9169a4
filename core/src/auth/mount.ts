import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Databases } from '../db/index.ts';
import type { AppEnv } from '../http/types.ts';
import type { Logger } from '../logger.ts';
import { auditRoutes } from '../audit/audit.routes.ts';
import { rolesRoutes } from '../authz/roles.routes.ts';
import { adminRoutes } from '../org/admin.routes.ts';
import { orgRoutes } from '../org/org.routes.ts';
import { credentialsRoutes } from '../org/credentials.routes.ts';
import { peopleRoutes } from '../org/people.routes.ts';
import { personEditRoutes } from '../org/person-edit.routes.ts';
import { profileRoutes } from '../identity/profile.routes.ts';
import { workbenchDefaultsRoutes } from '../identity/workbench-defaults.routes.ts';
import { bureauAdoptionRoutes } from '../identity/bureau-adoption.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { meRoutes } from './me.routes.ts';
import { identityRateLimits } from './rate-limits.ts';
import { securityRoutes } from './security.routes.ts';
import { smsLoginRoutes } from './sms-login.routes.ts';
import { kernelOf } from '../http/kernel.ts';
import { crossSiteGuard, sessionStage } from '../middleware/session/index.ts';
import { createIdentity, type Identity } from './identity.ts';
import type { SessionEvents } from './session-events.ts';
import type { MailSender } from './mail-sender.ts';
import { passwordResetRoutes } from './password-reset.routes.ts';
import type { SmsSender } from './sms-sender.ts';

export interface IdentityMountOptions {
  secret: string;
  publicUrl: string;
  sms?: SmsSender;
  /** Password-reset links; defaults to SMTP_URL, else the log. */
  mail?: MailSender;
  /** Tests only: a clock for code and link expiry. */
  clock?: () => Date;
  /** The node's session change feed (LISTEN/NOTIFY); without it, cached sessions live 2 s. */
  sessionEvents?: SessionEvents;
}

/**
 * Path prefixes exempt from the origin check: server-to-server endpoints (OIDC token, CAS ticket
 * validation). SSO adds its prefixes here before the app is built.
 */
export const originCheckExemptions: string[] = [];

/**
 * Puts identity into the request path: a kernel stage resolves session → principal, and a
 * middleware on unsafe methods refuses cross-site requests; then the identity,
 * organisation and audit routes. Call before mounting any route that needs a principal.
 */
export function mountIdentity(
  app: OpenAPIHono<AppEnv>,
  db: Databases,
  logger: Logger,
  options: IdentityMountOptions,
): Identity {
  const identity = createIdentity({
    db: db.app,
    logger,
    secret: options.secret,
    publicUrl: options.publicUrl,
    ...(options.sms ? { sms: options.sms } : {}),
    ...(options.mail ? { mail: options.mail } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.sessionEvents ? { sessionEvents: options.sessionEvents } : {}),
  });
  kernelOf(app).stage(sessionStage(identity));
  // Unsafe methods only: reads keep the kernel's fast path (one handler, answered in the same tick).
  app.on(
    ['POST', 'PUT', 'PATCH', 'DELETE'],
    '*',
    crossSiteGuard({ publicUrl: options.publicUrl, exemptPrefixes: originCheckExemptions }),
  );
  identityRateLimits(app);
  authRoutes(app);
  smsLoginRoutes(app);
  passwordResetRoutes(app);
  meRoutes(app);
  profileRoutes(app);
  securityRoutes(app);
  orgRoutes(app);
  peopleRoutes(app);
  personEditRoutes(app);
  credentialsRoutes(app);
  rolesRoutes(app);
  adminRoutes(app);
  auditRoutes(app);
  workbenchDefaultsRoutes(app);
  bureauAdoptionRoutes(app);
  return identity;
}
