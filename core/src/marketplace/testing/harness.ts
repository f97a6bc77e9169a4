import type { Marketplace, MarketMessenger } from '@campusbase/marketplace';
import type { Kysely } from 'kysely';
import { createApp, type App } from '../../app.ts';
import { startApps, type AppPlatform } from '../../apps/index.ts';
import type { Principal } from '../../auth/principal.ts';
import type { Database } from '../../db/database.ts';
import { createLogger } from '../../logger.ts';
import { insertTenant } from '../../tenancy/tenancy.repository.ts';
import { freePort } from '../../../../test/global-setup.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness.ts';
import { mountMarketplace } from '../index.ts';

export interface Region {
  platform: string;
  county: string;
  schoolA: string;
  schoolB: string;
  /** A school under another county: out of the first bureau's reach. */
  schoolFar: string;
}

export async function createRegion(owner: Kysely<Database>): Promise<Region> {
  const platform = await insertTenant(owner, {
    parentId: null,
    kind: 'platform',
    name: '测试平台',
    code: 'platform',
  });
  const city = await insertTenant(owner, {
    parentId: platform.id,
    kind: 'city',
    name: '南宁市教育局',
    code: '450100',
  });
  const county = await insertTenant(owner, {
    parentId: city.id,
    kind: 'county',
    name: '青秀区教育局',
    code: '450103',
  });
  const other = await insertTenant(owner, {
    parentId: city.id,
    kind: 'county',
    name: '兴宁区教育局',
    code: '450102',
  });
  const a = await insertTenant(owner, {
    parentId: county.id,
    kind: 'school',
    name: '凤岭实验小学',
    code: '2145010301',
  });
  const b = await insertTenant(owner, {
    parentId: county.id,
    kind: 'school',
    name: '邕江初级中学',
    code: '2145010302',
  });
  const far = await insertTenant(owner, {
    parentId: other.id,
    kind: 'school',
    name: '兴宁一中',
    code: '2145010201',
  });
  return { platform: platform.id, county: county.id, schoolA: a.id, schoolB: b.id, schoolFar: far.id };
}

type Kind = NonNullable<Principal['tenantKind']>;

/** A principal as the session middleware would build it, with exactly the given permissions. */
export function principal(
  tenantId: string,
  kind: Kind,
  permissions: string[],
  name = '测试用户',
  personId = crypto.randomUUID(),
): Principal {
  const set = new Set(permissions);
  return {
    personId,
    sessionId: crypto.randomUUID(),
    displayName: name,
    authzVersion: 1,
    activeTenantId: tenantId,
    tenantKind: kind,
    tenantName: name.includes('学校') ? name : '测试单位',
    tenantPath: null,
    roles: [],
    mfaVerified: true,
    mfaMissing: false,
    can: (p) => set.has(p),
    holdsAnywhere: (p) => set.has(p),
    scopeOf: () => ({ kind: 'none' }) as never,
    permissions: () => set,
  };
}

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
    const key = c.req.header('x-test-principal');
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
