import { readFile } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { createApp } from '../core/src/app.ts';
import { type AppPlatform, startApps } from '../core/src/apps/index.ts';
import { AppDocuments } from '../core/src/apps/store/documents.ts';
import {
  createSchools,
  memoryAudit,
  registerTestApp,
  testManifest,
  testPrincipal,
} from '../core/src/apps/testing/fixtures.ts';
import { noticeManifest, noticeSource } from '../core/src/apps/testing/notice-app.ts';
import type { Database } from '../core/src/db/database.ts';
import { createLogger } from '../core/src/logger.ts';
import { listen } from '../core/src/server.ts';
import { type Bench, type BenchLine, freePort, ratioLine, requestsPerSecond } from './lib.ts';
import { startBenchDatabase } from './database.ts';

const SCHOOLS = 3000;
const WARM = 300;

/** ~100 KB of server code: the notice app plus a realistic table of data compiled into it. */
function bundleOf100Kb(): string {
  const rows = Array.from({ length: 1400 }, (_, i) => ({ code: `K${i}`, name: `课程${i}`, hours: i % 7 }));
  return `${noticeSource}\nexport const courseCatalogue = ${JSON.stringify(rows)};\n`;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

async function totalRss(apps: AppPlatform): Promise<number> {
  const { pids } = await apps.runtime.supervisor.stats();
  const sizes = await Promise.all([process.pid, ...pids].map(rssOf));
  return sizes.reduce((a, b) => a + b, 0);
}

/** Makes `count` more schools with the app installed, in bulk; returns `tenantId/installationId` keys. */
async function installMany(
  owner: Kysely<Database>,
  appId: string,
  versionId: string,
  count: number,
  codeBase: number,
): Promise<string[]> {
  const parent = await owner
    .selectFrom('tenants')
    .select('id')
    .where('kind', '=', 'platform')
    .executeTakeFirstOrThrow();
  const { rows } = await sql<{ tenant_id: string; id: string }>`
    WITH numbered AS (SELECT n, gen_random_uuid() AS id FROM generate_series(1, ${count}) AS n),
    schools AS (
      INSERT INTO tenants (id, parent_id, kind, name, code, path)
      SELECT id, ${parent.id}::uuid, 'school', '学校' || (${codeBase}::bigint + n), (${codeBase}::bigint + n)::text, '/' || ${parent.id} || '/' || id || '/'
      FROM numbered
      RETURNING id
    )
    INSERT INTO app_installations (tenant_id, app_id, version_id, approved_scopes)
    SELECT id, ${appId}, ${versionId}::uuid, '{org:read}' FROM schools
    RETURNING tenant_id, id`.execute(owner);
  return rows.map((r) => `${r.tenant_id}/${r.id}`);
}

const bench: Bench = async (ctx) => {
  const lines: BenchLine[] = [];
  const db = await startBenchDatabase('bench_apps', { appPoolMax: 20 });
  const { owner, app: appDb } = db;
  const logger = createLogger('warn');
  const apps = await startApps({
    db: { app: appDb, owner },
    logger,
    ports: { audit: memoryAudit() },
    ui: { port: await freePort(), host: '127.0.0.1', portalOrigin: 'http://localhost:3000' },
    // The per-app call quota (20,000 a minute) would answer most of a throughput run with 429s,
    // which are cheap and would flatter the sandbox; the bench measures the call path itself.
    runtime: {
      workers: 2,
      warmCap: WARM + 20,
      quotas: {
        calls: { limit: 10_000_000, windowMs: 60_000 },
        'http.fetch': { limit: 120, windowMs: 60_000 },
        'messages.send': { limit: 60, windowMs: 60_000 },
        'iot.sendCommand': { limit: 120, windowMs: 60_000 },
      },
    },
    jobs: false,
  });
  try {
    const [school] = await createSchools(owner, 1);
    const registered = await registerTestApp(owner, testManifest(noticeManifest), noticeSource);
    const installationId = await apps.installations.install(
      school!,
      { appId: 'cn.test.notices', approvedScopes: ['org:read'] },
      { personId: null, requestId: 'bench' },
      async () => undefined,
    );
    const binding = (await apps.runtime.binding(school!, installationId))!;
    const documents = new AppDocuments(appDb, binding);
    const doc = await documents.run((trx) =>
      documents.insert(trx, 'notices', { title: '期中考试安排', classId: '7-2', priority: 3 }),
    );

    // 1. The same read: through the sandbox, and written natively in core, on the same kernel app.
    const app = createApp({ logger, readiness: () => [] });
    const principal = testPrincipal(school!);
    app.use('*', async (c, next) => {
      c.set('principal', principal);
      await next();
    });
    apps.mount(app);
    app.get('/native/notices/:id', async (c) => {
      const b = await apps.runtime.runnable(school!, installationId);
      const store = new AppDocuments(appDb, b);
      const found = await store.run((trx) => store.get(trx, 'notices', c.req.param('id')));
      return c.json({ id: found!.id, ...found!.data });
    });
    const server = await listen(app.fetch, await freePort(), '127.0.0.1');
    const base = `http://127.0.0.1:${server.port}`;
    // ABBA order, averaged: this machine is shared, and drift would favour whichever ran last.
    const nativeUrl = `${base}/native/notices/${doc.id}`;
    const sandboxUrl = `${base}/apps/${installationId}/api/notices/${doc.id}`;
    const runs: Record<string, Array<{ rps: number; p99ms: number; non2xx: number }>> = {
      native: [],
      sandboxed: [],
    };
    for (const [label, url] of [
      ['native', nativeUrl],
      ['sandboxed', sandboxUrl],
      ['sandboxed', sandboxUrl],
      ['native', nativeUrl],
    ] as const) {
      ctx.log(`measuring the ${label} handler…`);
      runs[label]!.push(await requestsPerSecond(url, { seconds: ctx.seconds, connections: 20 }));
    }
    const mean = (label: string, key: 'rps' | 'p99ms' | 'non2xx') =>
      runs[label]!.reduce((sum, r) => sum + r[key], 0) / runs[label]!.length;
    const native = {
      rps: mean('native', 'rps'),
      p99ms: mean('native', 'p99ms'),
      non2xx: mean('native', 'non2xx'),
    };
    const sandboxed = {
      rps: mean('sandboxed', 'rps'),
      p99ms: mean('sandboxed', 'p99ms'),
      non2xx: mean('sandboxed', 'non2xx'),
    };
    await server.close(1000);
    if (sandboxed.non2xx + native.non2xx > 0) {
      throw new Error(
        `the route answered ${sandboxed.non2xx + native.non2xx} non-2xx responses; the ratio would be meaningless`,
      );
    }
    const route = ratioLine(
      'app route through the sandbox (reads one document) vs the same handler native in core',
      { label: 'sandboxed', value: sandboxed.rps },
      { label: 'native', value: native.rps },
      'req/s',
      { atLeast: 0.4 },
    );
    route.note = `p99 ${sandboxed.p99ms} ms vs ${native.p99ms} ms; non-2xx ${sandboxed.non2xx + native.non2xx}`;
    lines.push(route);

    // 2. Cold start: the first call of fresh installations of a 100 KB bundle.
    const big = bundleOf100Kb();
    const bigVersion = await registerTestApp(
      owner,
      testManifest({ ...noticeManifest, id: 'cn.test.big', version: '1.0.0' }),
      big,
    );
    const coldIds = await installMany(owner, 'cn.test.big', bigVersion.versionId, 40, 4700000000);
    const colds: number[] = [];
    const warms: number[] = [];
    const bundleBytes = (
      await owner
        .selectFrom('app_versions')
        .select('bundle')
        .where('id', '=', bigVersion.versionId)
        .executeTakeFirstOrThrow()
    ).bundle!.length;
    for (const key of coldIds) {
      const [tenantId, id] = key.split('/') as [string, string];
      const b = (await apps.runtime.binding(tenantId, id))!;
      const call = async () => {
        const started = performance.now();
        await apps.runtime.invoke(
          b,
          {
            kind: 'route',
            route: 'GET /hello',
            request: { method: 'GET', path: '/hello', params: {}, query: {}, headers: {}, body: null },
            context: apps.runtime.context(b, { user: null, personId: null, requestId: 'b', locale: 'zh-CN' }),
          },
          { personId: null, requestId: 'b', trigger: 'bench' },
        );
        return performance.now() - started;
      };
      colds.push(await call());
      warms.push(await call());
    }
    // The first installation also compiled the bundle in its worker; the rest reuse the code cache.
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    lines.push({
      name: `isolate cold start, first call of an installation (${Math.round(bundleBytes / 1024)} KB bundle, median of ${colds.length})`,
      value: median(colds.slice(2)),
      unit: 'ms',
      baseline: { name: 'warm call', value: median(warms) },
      budget: '≤ 20 ms',
      ok: median(colds.slice(2)) <= 20,
      note: `first ever (bundle compiled): ${colds[0]!.toFixed(1)} ms`,
    });

    // 3. Resident memory: 3,000 installations registered, 300 warm.
    await apps.runtime.supervisor.stats();
    const idle = await totalRss(apps);
    const keys = await installMany(owner, 'cn.test.notices', registered.versionId, SCHOOLS, 4600000000);
    for (const key of keys.slice(0, WARM)) {
      const [tenantId, id] = key.split('/') as [string, string];
      const b = (await apps.runtime.binding(tenantId, id))!;
      await apps.runtime.invoke(
        b,
        {
          kind: 'route',
          route: 'GET /hello',
          request: { method: 'GET', path: '/hello', params: {}, query: {}, headers: {}, body: null },
          context: apps.runtime.context(b, { user: null, personId: null, requestId: 'b', locale: 'zh-CN' }),
        },
        { personId: null, requestId: 'b', trigger: 'bench' },
      );
    }
    const stats = await apps.runtime.supervisor.stats();
    const loaded = await totalRss(apps);
    lines.push({
      name: `resident memory, ${SCHOOLS + 41} installations registered, ${stats.warm} warm (main + ${stats.workers} workers)`,
      value: loaded / 1024 / 1024,
      unit: 'MB',
      baseline: { name: 'same processes before warming', value: idle / 1024 / 1024 },
      budget: '≤ 1.5 GB',
      ok: loaded <= 1.5 * 1024 * 1024 * 1024,
      note: `isolate heaps ${(stats.heapBytes / 1024 / 1024).toFixed(0)} MB`,
    });
  } finally {
    await apps.stop();
    await db.close();
  }
  return lines;
};

export default bench;
