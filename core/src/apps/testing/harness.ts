import { createApp, type App } from '../../app.ts';
import type { Principal } from '../../auth/principal.ts';
import { createLogger } from '../../logger.ts';
import { freePort } from '../../../../test/ports.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness.ts';
import { type AppPlatform, startApps } from '../index.ts';
import type { RuntimePorts } from '../ports.ts';
import type { AppRuntimeOptions } from '../runtime.ts';
import { createSchools, memoryAudit, testPrincipal } from './fixtures.ts';
import { testInstallRoute } from './install-route.ts';

export interface AppsHarness {
  db: TestDatabase;
  schools: string[];
  apps: AppPlatform;
  app: App;
  audit: ReturnType<typeof memoryAudit>;
  /** Calls the kernel app as a member (or admin) of a school. */
  request(
    tenantId: string | null,
    method: string,
    path: string,
    body?: unknown,
    options?: { admin?: boolean },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface AppsHarnessOptions {
  /** Ports besides the audit, e.g. the directory on the harness's own database. */
  ports?: (db: TestDatabase) => Omit<RuntimePorts, 'audit'>;
  /** Start the app cron scheduler (default true). */
  jobs?: boolean;
}

/**
 * A migrated test database with two schools, the real app runtime (sandbox workers, UI origin) and
 * the kernel HTTP app with the app routes, where a test header stands in for the session.
 */
export async function startAppsHarness(
  runtime: Partial<Omit<AppRuntimeOptions, 'db' | 'owner' | 'logger' | 'ports'>> = {},
  options: AppsHarnessOptions = {},
): Promise<AppsHarness> {
  const db = await createTestDatabase();
  const schools = await createSchools(db.owner, 2);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const audit = memoryAudit();
  const apps = await startApps({
    db,
    logger,
    ports: { ...options.ports?.(db), audit },
    ui: { port: await freePort(), host: '127.0.0.1', portalOrigin: 'http://localhost:3000' },
    runtime: { workers: 2, ...runtime },
    ...(options.jobs === false ? { jobs: false } : {}),
  });
  const app = createApp({ logger, readiness: () => [] });
  const principals = new Map<string, Principal>();
  app.use('*', async (c, next) => {
    const key = c.req.header('x-test-principal');
    if (key) c.set('principal', principals.get(key));
    await next();
  });
  testInstallRoute(app, apps.installations);
  apps.mount(app);
  return {
    db,
    schools,
    apps,
    app,
    audit,
    request(tenantId, method, path, body, options = {}) {
      const headers: Record<string, string> = {};
      if (tenantId) {
        const key = `${tenantId}:${options.admin ? 'admin' : 'user'}`;
        if (!principals.has(key)) principals.set(key, testPrincipal(tenantId, { admin: options.admin }));
        headers['x-test-principal'] = key;
      }
      if (body !== undefined) headers['content-type'] = 'application/json';
      return Promise.resolve(
        app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
      );
    },
    async close() {
      await apps.stop();
      await db.drop();
    },
  };
}
