import type { Marketplace, MarketMessenger } from '@campusbase/marketplace';
import { createApp, type App } from '../../app.ts';
import { startApps, type AppPlatform } from '../../apps/index.ts';
import type { Principal } from '../../auth/principal.ts';
import { createLogger } from '../../logger.ts';
import { freePort } from '../../../../test/ports.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness.ts';
import { mountMarketplace } from '../index.ts';
import { createRegion, type Region, principal } from './region.ts';

export { createRegion, principal, type Region };

export interface MarketHarness {
  db: TestDatabase;
  region: Region;
  apps: AppPlatform;
  app: App;
  market: Marketplace;
  notices: Array<{ tenantIds: ReadonlyArray<string>; title: string }>;
  as(p: Principal): (method: string, path: string, body?: unknown) => Promise<Response>;
  close(): Promise<void>;
}

/**
 * A migrated database with a small region, the real app runtime (sandbox workers), and the kernel
 * app with the marketplace and app routes mounted as `buildApp` does; a header stands in for the
 * session, and notices to school admins are recorded.
 */
export async function startMarketHarness(): Promise<MarketHarness> {
  const db = await createTestDatabase();
  const region = await createRegion(db.owner);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const apps = await startApps({
    db,
    logger,
    ports: { audit: { record: async () => undefined } },
    ui: { port: await freePort(), host: '127.0.0.1', portalOrigin: 'http://localhost:3000' },
    runtime: { workers: 1 },
    jobs: false,
  });
  const app = createApp({ logger, readiness: () => [] });
  const principals = new Map<string, Principal>();
  app.use('*', async (c, next) => {
    // The header, or a `cb_session=<key>` cookie for clients that speak like a browser (the vendor CLI).
    const key =
      c.req.header('x-test-principal') ?? /cb_session=([^;]+)/.exec(c.req.header('cookie') ?? '')?.[1];
    if (key) c.set('principal', principals.get(key));
    await next();
  });
  const notices: MarketHarness['notices'] = [];
  const messenger: MarketMessenger = {
    async notifySchoolAdmins(tenantIds, message) {
      notices.push({ tenantIds, title: message.title });
    },
  };
  const market = mountMarketplace(app, {
    db,
    logger,
    secret: 'test-secret',
    apps,
    messages: null,
    messenger,
  });
  apps.mount(app);
  return {
    db,
    region,
    apps,
    app,
    market,
    notices,
    as(p) {
      principals.set(p.sessionId, p);
      return async (method, path, body) =>
        app.request(path, {
          method,
          headers: {
            'x-test-principal': p.sessionId,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
    },
    async close() {
      await apps.stop();
      await db.drop();
    },
  };
}
