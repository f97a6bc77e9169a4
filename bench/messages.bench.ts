import { type Kysely, sql } from 'kysely';
import type { Database } from '../core/src/db/database.ts';
import { withTenant } from '../core/src/db/tenant-scope.ts';
import { freeText } from '../core/src/messages/render.ts';
import { sendMessage } from '../core/src/messages/send.ts';
import { messagesApp } from '../core/src/messages/testing/harness.ts';
import { openSse } from '../core/src/messages/testing/sse-client.ts';
import { sessionCookie } from '../core/src/messages/testing/world.ts';
import { listen } from '../core/src/server.ts';
import { insertTenant } from '../core/src/tenancy/tenancy.repository.ts';
import { type Bench, type BenchLine, freePort } from './lib.ts';
import { startBenchDatabase } from './database.ts';

const RECIPIENTS = 10_000;
const SSE_CLIENTS = 2_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function people(owner: Kysely<Database>, tenantId: string, n: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO persons (display_name) SELECT '家长' || g FROM generate_series(1, ${n}) g RETURNING id`.execute(
    owner,
  );
  const ids = rows.map((r) => r.id);
  await sql`INSERT INTO memberships (tenant_id, person_id, role) SELECT ${tenantId}::uuid, p, 'parent' FROM unnest(${ids}::uuid[]) p`.execute(
    owner,
  );
  return ids;
}

/**
 * The message centre's budgets: an in-app notice to 10,000 recipients persisted (message, 10,000
 * deliveries, commit) and pushed (NOTIFY → this node's hub → 10,000 subscribers) against a raw
 * unnest insert of 10,000 rows; then one notice pushed to 2,000 real SSE connections.
 */
const bench: Bench = async (ctx) => {
  const database = await startBenchDatabase('bench_messages');
  const { owner, app, ownerUrl, appUrl } = database;
  const lines: BenchLine[] = [];
  try {
    const platform = await insertTenant(owner, {
      parentId: null,
      kind: 'platform',
      name: '平台',
      code: 'platform',
    });
    const province = await insertTenant(owner, {
      parentId: platform.id,
      kind: 'province',
      name: '省',
      code: '450000',
    });
    const city = await insertTenant(owner, {
      parentId: province.id,
      kind: 'city',
      name: '市',
      code: '450100',
    });
    const county = await insertTenant(owner, {
      parentId: city.id,
      kind: 'county',
      name: '区',
      code: '450103',
    });
    const school = await insertTenant(owner, {
      parentId: county.id,
      kind: 'school',
      name: '学校',
      code: '2145010399',
    });
    ctx.log('creating 10,000 people…');
    const ids = await people(owner, school.id, RECIPIENTS);
    await sql`CREATE TABLE bench_raw (tenant_id uuid, message_id uuid, person_id uuid, created_at timestamptz DEFAULT now())`.execute(
      owner,
    );

    const db = { owner, app, ownerUrl, appUrl, name: 'bench', drop: async () => undefined };
    const h = messagesApp(db, { workers: false });
    await h.centre.start();
    // 10,000 subscribers on this node, one per recipient.
    let received = 0;
    for (const personId of ids)
      h.centre.hub.subscribe({
        personId,
        locale: 'zh-CN',
        push: () => void received++,
        end: () => undefined,
      });

    const raw: number[] = [];
    const notice: number[] = [];
    for (let round = 0; round < 5; round++) {
      const r0 = performance.now();
      await owner.transaction().execute((trx) =>
        sql`INSERT INTO bench_raw (tenant_id, message_id, person_id)
            SELECT ${school.id}::uuid, gen_random_uuid(), p FROM unnest(${ids}::uuid[]) p`.execute(trx),
      );
      raw.push(performance.now() - r0);

      received = 0;
      const pushed = new Promise<void>((resolve) => {
        h.centre.hub.onPushed = () => resolve();
      });
      const t0 = performance.now();
      await withTenant(app, school.id, (trx) =>
        sendMessage(trx, {
          tenantId: school.id,
          sender: { kind: 'platform', module: 'bench', name: '教务处' },
          category: 'notice',
          content: freeText({ title: `关于期中考试安排的通知 ${round}`, body: '期中考试定于下周举行。' }),
          recipients: ids,
          channels: [],
        }),
      );
      await pushed;
      notice.push(performance.now() - t0);
      if (received !== RECIPIENTS) throw new Error(`pushed to ${received} of ${RECIPIENTS}`);
    }
    const n = median(notice);
    lines.push({
      name: 'in-app notice to 10,000 recipients, persisted and pushed',
      value: n,
      unit: 'ms',
      baseline: { name: 'raw unnest insert of 10,000 rows', value: median(raw) },
      ratio: n / median(raw),
      budget: '≤ 1000 ms',
      ok: n <= 1000,
      note: 'median of 5; ratio = notice / raw insert',
    });

    ctx.log(`connecting ${SSE_CLIENTS} SSE clients…`);
    const server = await listen(h.app.fetch, await freePort(), '127.0.0.1');
    const clients = [];
    for (let i = 0; i < SSE_CLIENTS; i++) {
      const cookie = await sessionCookie(owner, ids[i]!, school.id);
      clients.push(openSse(`http://127.0.0.1:${server.port}/api/v1/inbox/stream`, { cookie }));
    }
    await Promise.all(clients.map((c) => c.next((e) => e.event === 'ready', 120_000)));
    const sseTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      const title = `SSE 推送 ${round}`;
      const t0 = performance.now();
      await withTenant(app, school.id, (trx) =>
        sendMessage(trx, {
          tenantId: school.id,
          sender: { kind: 'platform', module: 'bench', name: '教务处' },
          category: 'notice',
          content: freeText({ title, body: '…' }),
          recipients: ids.slice(0, SSE_CLIENTS),
          channels: [],
        }),
      );
      await Promise.all(
        clients.map((c) => c.next((e) => e.event === 'message' && e.data.includes(title), 120_000)),
      );
      sseTimes.push(performance.now() - t0);
    }
    lines.push({
      name: `one notice pushed to ${SSE_CLIENTS.toLocaleString('en-US')} connected SSE clients (send → last client has it)`,
      value: median(sseTimes),
      unit: 'ms',
      note: 'median of 3; clients and server in one process',
    });
    for (const c of clients) c.close();
    await h.centre.stop();
    await server.close(1000);
  } finally {
    await database.close();
  }
  return lines;
};

export default bench;
