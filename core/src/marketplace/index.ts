import {
  createMarketplace,
  type Marketplace,
  type MarketMessenger,
  type MarketRuntime,
} from '@campusbase/marketplace';
import { UnavailableError } from '@campusbase/plugin-sdk/errors';
import { createHmac } from 'node:crypto';
import type { Context, Next } from 'hono';
import type { App } from '../app.ts';
import { PLATFORM_VERSION } from '../app.ts';
import type { AppPlatform } from '../apps/index.ts';
import { type Databases, isUuid } from '../db/index.ts';
import type { AppEnv } from '../http/types.ts';
import type { Logger } from '../logger.ts';
import type { MessageCentre } from '../messages/index.ts';
import { callerOf, marketAudit, marketDatabase, marketMessenger, marketTenants } from './ports.ts';
import { marketRuntime } from './runtime.adapter.ts';

export { marketRuntime, SMOKE_SCHOOL } from './runtime.adapter.ts';
export { marketplaceMaintenanceJobs } from './maintenance.ts';
export { servingListener, startServingEvents } from './serving-events.ts';
export { startDeploymentWorker, TENANT_CHANNEL, type DeploymentWorker } from './deployments.ts';

/** Every runtime call answers 503 until the app runtime is started on this node. */
function runtimeMissing(): MarketRuntime {
  const fail = async (): Promise<never> => {
    throw new UnavailableError({
      zh: '应用运行环境未启动',
      en: 'The app runtime is not running on this node',
    });
  };
  return {
    register: fail,
    setServing: fail,
    smokeRun: fail,
    storedDigests: fail,
    install: fail,
    installation: fail,
    installationOf: fail,
    switchVersion: fail,
    uninstall: fail,
    everInstalled: fail,
    installCounts: fail,
    installationsOf: fail,
  };
}

export interface MarketplaceWiring {
  db: Pick<Databases, 'app' | 'owner'>;
  logger: Logger;
  secret: string;
  apps: AppPlatform | null;
  messages: MessageCentre | null;
  /** Replaces the message-centre notices (tests). */
  messenger?: MarketMessenger;
}

/** Builds the marketplace on core's ports. */
export function buildMarketplace(wiring: MarketplaceWiring): Marketplace {
  const logger = wiring.logger.child({ area: 'marketplace' });
  return createMarketplace({
    db: marketDatabase(wiring.db),
    audit: marketAudit(wiring.db, logger),
    messenger: wiring.messenger ?? marketMessenger(wiring.db, wiring.messages, logger),
    tenants: marketTenants(wiring.db),
    runtime: wiring.apps ? marketRuntime(wiring.apps) : runtimeMissing(),
    platformVersion: PLATFORM_VERSION,
    usageSecret: createHmac('sha256', wiring.secret).update('marketplace-usage').digest('hex'),
  });
}

/**
 * Mounts the marketplace routes and the usage counter on app API calls. Call it before the app
 * runtime mounts `/apps/{id}/api/*`, so the counter sees those responses.
 *
 * @example
 * const market = mountMarketplace(app, { db, logger, secret, apps, messages });
 */
export function mountMarketplace(app: App, wiring: MarketplaceWiring): Marketplace {
  const market = buildMarketplace(wiring);
  app.use(
    '/apps/:installationId/api/*',
    market.usageMiddleware((c) => {
      const principal = (c as unknown as { get(key: 'principal'): AppEnv['Variables']['principal'] }).get(
        'principal',
      );
      return principal?.activeTenantId
        ? { tenantId: principal.activeTenantId, personId: principal.personId }
        : null;
    }),
  );
  // The runtime's own uninstall and disable routes honour a bureau's mandatory deployment too.
  const guard = async (c: Context<AppEnv>, next: Next) => {
    const principal = c.get('principal');
    const id = c.req.param('id');
    if (principal?.activeTenantId && id && isUuid(id))
      await market.lifecycle.assertRemovable(principal.activeTenantId, id);
    await next();
  };
  app.delete('/api/v1/apps/installations/:id', guard);
  app.post('/api/v1/apps/installations/:id/disable', guard);
  app.route('/', market.routes<AppEnv>(callerOf));
  return market;
}
