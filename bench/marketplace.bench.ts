import { indexTokens } from '@campusbase/marketplace';
import { type Kysely, sql } from 'kysely';
import { createApp } from '../core/src/app.ts';
import { startApps } from '../core/src/apps/index.ts';
import type { Principal } from '../core/src/auth/principal.ts';
import type { Database } from '../core/src/db/database.ts';
import { createLogger } from '../core/src/logger.ts';
import { mountMarketplace } from '../core/src/marketplace/index.ts';
import { attendancePackage, generateVendorKeyPair } from '../core/src/marketplace/testing/fixtures.ts';
import { createRegion, principal } from '../core/src/marketplace/testing/region.ts';
import { insertTenant } from '../core/src/tenancy/tenancy.repository.ts';
import { type Bench, type BenchLine, freePort } from './lib.ts';
import { startBenchDatabase } from './database.ts';

const LISTINGS = 10_000;
const words = [
  '智慧',
  '校园',
  '考勤',
  '排课',
  '成绩',
  '家校',
  '通知',
  '宿舍',
  '食堂',
  '图书',
  '设备',
  '资产',
  '评价',
  '作业',
  '课堂',
  '安全',
  '门禁',
  '访客',
  '会议',
  '财务',
];
const suffixes = ['系统', '平台', '助手', '管理', '中心', '服务'];

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** 10,000 listings with Chinese names, summaries and search vectors, inserted in batches. */
async function seedListings(owner: Kysely<Database>, vendorId: string): Promise<void> {
  for (let start = 0; start < LISTINGS; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(LISTINGS, start + 1000); i++) {
      const name = `${words[i % words.length]}${words[(i * 7 + 3) % words.length]}${suffixes[i % suffixes.length]}${i}`;
      const summary = `面向中小学的${words[(i * 3) % words.length]}与${words[(i * 11 + 5) % words.length]}应用，编号 ${i}`;
      rows.push({
        app_id: `cn.bench.app${i}`,
        name_zh: name,
        summary,
        ta: indexTokens(name),
        tb: indexTokens(summary),
        n: (i * 37) % 500,
      });
    }
    await sql`
      INSERT INTO market_apps (app_id, vendor_id, category, status, name_zh, name_en, summary, install_count, listed_at, search)
      SELECT x.app_id, ${vendorId}::uuid, 'management', 'listed', x.name_zh, x.app_id, x.summary, x.n, now(),
             setweight(array_to_tsvector(x.ta), 'A') || setweight(array_to_tsvector(x.tb), 'B')
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(app_id text, name_zh text, summary text, ta text[], tb text[], n int)`.execute(
      owner,
    );
  }
  await sql`ANALYZE market_apps`.execute(owner);
}

/**
 * Search p95 over 10,000 listings against a primary-key lookup of one listing in the same run,
 * and the end-to-end install time (consent screen → install with re-verification, runtime
 * install and sandboxed install hook → first app call) against the runtime's own install route.
 */
const bench: Bench = async (ctx) => {
  const lines: BenchLine[] = [];
  const db = await startBenchDatabase('bench_market', { appPoolMax: 20 });
  const { owner, app: appDb } = db;
  const logger = createLogger('warn');
  const apps = await startApps({
    db: { app: appDb, owner },
    logger,
    ports: { audit: { record: async () => undefined } },
    ui: { port: await freePort(), host: '127.0.0.1', portalOrigin: 'http://localhost:3000' },
    runtime: { workers: 2 },
    jobs: false,
  });
  try {
    const region = await createRegion(owner);
    const app = createApp({ logger, readiness: () => [] });
    const principals = new Map<string, Principal>();
    app.use('*', async (c, next) => {
      c.set('principal', principals.get(c.req.header('x-p') ?? ''));
      await next();
    });
    const market = mountMarketplace(app, {
      db: { app: appDb, owner },
      logger,
      secret: 'bench',
      apps,
      messages: null,
      messenger: { notifySchoolAdmins: async () => undefined },
    });
    apps.mount(app);
    const as = (p: Principal) => {
      principals.set(p.sessionId, p);
      return (method: string, path: string, body?: unknown) =>
        app.request(path, {
          method,
          headers: { 'x-p': p.sessionId, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
    };
    const vendor = as(principal(region.platform, 'platform', ['marketplace:publish']));
    const reviewer = as(principal(region.platform, 'platform', ['marketplace:review']));
    const { id: vendorId } = (await (
      await vendor('POST', '/api/v1/marketplace/vendors', { name: '基准测试开发商' })
    ).json()) as { id: string };

    ctx.log(`inserting ${LISTINGS} listings…`);
    await seedListings(owner, vendorId);

    // 1. Search vs primary-key lookup, interleaved so drift hits both alike.
    const queries = ['考勤', '排课系统', '家校通知', '勤', '智慧校园', '宿舍管理'];
    const search: number[] = [];
    const lookup: number[] = [];
    const rounds = Math.max(300, ctx.seconds * 60);
    for (let i = 0; i < 30; i++) await market.catalogue.search({ q: queries[i % queries.length]! });
    for (let i = 0; i < rounds; i++) {
      const q = queries[i % queries.length]!;
      search.push(await timed(() => market.catalogue.search({ q })));
      lookup.push(
        await timed(() =>
          appDb
            .selectFrom('market_apps')
            .selectAll()
            .where('app_id', '=', `cn.bench.app${(i * 97) % LISTINGS}`)
            .executeTakeFirst(),
        ),
      );
    }
    const found = await market.catalogue.search({ q: '考勤' });
    const s95 = percentile(search, 95);
    const l95 = percentile(lookup, 95);
    lines.push({
      name: `catalogue search p95 over ${LISTINGS} listings (Chinese bigrams, ranked, ${found.total} hits for 考勤)`,
      value: Number(s95.toFixed(2)),
      unit: 'ms',
      baseline: { name: 'primary-key lookup p95', value: Number(l95.toFixed(2)) },
      ratio: s95 / l95,
      note: `search p50 ${percentile(search, 50).toFixed(2)} ms; ratio = search / lookup (lower is better)`,
    });

    // 2. End-to-end install, against the runtime's own install of the same version.
    const key = generateVendorKeyPair();
    await vendor('POST', `/api/v1/marketplace/vendors/${vendorId}/keys`, { publicKey: key.publicKeyPem });
    const archive = await attendancePackage(key, '1.0.0');
    const published = (await (
      await vendor('POST', `/api/v1/marketplace/vendors/${vendorId}/packages`, {
        package: Buffer.from(archive).toString('base64'),
      })
    ).json()) as { versionId: string };
    await reviewer('POST', `/api/v1/marketplace/review/versions/${published.versionId}/decision`, {
      decision: 'approve',
      comment: 'bench',
    });
    const county = region.county;
    const viaMarket: number[] = [];
    const viaRuntime: number[] = [];
    const count = Math.max(10, ctx.seconds * 3);
    for (let i = 0; i < count * 2; i++) {
      const school = await insertTenant(owner, {
        parentId: county,
        kind: 'school',
        name: `基准学校${i}`,
        code: String(3000000000 + i),
      });
      const adminCall = as(principal(school.id, 'school', ['apps:install']));
      const teacherCall = as(principal(school.id, 'school', []));
      const throughMarket = i % 2 === 0;
      const ms = await timed(async () => {
        let id: string;
        if (throughMarket) {
          await adminCall('GET', '/api/v1/marketplace/apps/cn.nnzx.smart-attendance/consent');
          const r = await adminCall('POST', '/api/v1/marketplace/installs', {
            appId: 'cn.nnzx.smart-attendance',
            approvedScopes: ['org:read'],
            consent: true,
          });
          id = ((await r.json()) as { installationId: string }).installationId;
        } else {
          // The runtime alone (no consent screen, no signature check, no consent record written).
          id = await apps.installations.install(
            school.id,
            { appId: 'cn.nnzx.smart-attendance', approvedScopes: ['org:read'] },
            { personId: null, requestId: 'bench' },
            async () => undefined,
          );
        }
        const ping = await teacherCall('GET', `/apps/${id}/api/ping`);
        if (ping.status !== 200) throw new Error(`the installed app answered ${ping.status}`);
      });
      (throughMarket ? viaMarket : viaRuntime).push(ms);
    }
    const m50 = percentile(viaMarket, 50);
    const r50 = percentile(viaRuntime, 50);
    lines.push({
      name: 'end-to-end install through the marketplace (consent → verify signature → install + hook → first call), median',
      value: Number(m50.toFixed(1)),
      unit: 'ms',
      baseline: {
        name: 'runtime install (service call) + first call, median',
        value: Number(r50.toFixed(1)),
      },
      ratio: m50 / r50,
      note: `p95 ${percentile(viaMarket, 95).toFixed(1)} ms over ${viaMarket.length} schools; ratio = marketplace / runtime (lower is better)`,
    });

    // 3. Picks read by ancestry, and the deployment sweep when everything is in place.
    const bureau = as(principal(county, 'county', ['bureau:aggregates:read']));
    await bureau('POST', '/api/v1/marketplace/bureau/picks', {
      appId: 'cn.nnzx.smart-attendance',
      mode: 'deploy',
      mandatory: true,
      consent: true,
    });
    const schoolAdmin = as(principal(region.schoolA, 'school', ['apps:install']));
    const picks: number[] = [];
    const pk: number[] = [];
    for (let i = 0; i < rounds; i++) {
      picks.push(
        await timed(async () => void (await schoolAdmin('GET', '/api/v1/marketplace/picks')).text()),
      );
      pk.push(
        await timed(() =>
          appDb
            .selectFrom('market_apps')
            .selectAll()
            .where('app_id', '=', 'cn.nnzx.smart-attendance')
            .execute(),
        ),
      );
    }
    const p95 = percentile(picks, 95);
    const k95 = percentile(pk, 95);
    lines.push({
      name: "a school's picks read by ancestry (GET /api/v1/marketplace/picks, 2 bureaus above), p95",
      value: Number(p95.toFixed(2)),
      unit: 'ms',
      baseline: { name: 'primary-key lookup p95', value: Number(k95.toFixed(2)) },
      ratio: p95 / k95,
      note: `p50 ${percentile(picks, 50).toFixed(2)} ms; ratio = picks / lookup (lower is better)`,
    });
    const sweeps: number[] = [];
    for (let i = 0; i < 5; i++) sweeps.push(await timed(() => market.hierarchy.deployments.reconcile()));
    const schools = count * 2 + 2;
    const perSchool = percentile(sweeps, 50) / schools;
    lines.push({
      name: `deployment sweep with everything in place (${schools} schools under the bureau), per school, median`,
      value: Number(perSchool.toFixed(3)),
      unit: 'ms',
      baseline: { name: 'primary-key lookup p50', value: Number(percentile(pk, 50).toFixed(3)) },
      ratio: perSchool / percentile(pk, 50),
      note: `whole sweep ${percentile(sweeps, 50).toFixed(1)} ms; ratio = per-school sweep cost / lookup (lower is better)`,
    });
  } finally {
    await apps.stop();
    await db.close();
  }
  return lines;
};

export default bench;
