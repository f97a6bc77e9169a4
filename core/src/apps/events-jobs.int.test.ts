import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTestApp, testManifest } from './testing/fixtures.ts';
import { type AppsHarness, startAppsHarness } from './testing/harness.ts';

const manifest = testManifest({
  id: 'cn.test.gate',
  permissions: ['iot:events:gate.swipe'],
  collections: { batches: { schema: { type: 'object' } }, runs: { schema: { type: 'object' } } },
  events: [{ type: 'iot:gate.swipe', batchSize: 100 }],
  jobs: [{ name: 'tally', cron: '0 7 * * *' }],
  routes: [{ method: 'GET', path: '/batches' }],
});

const source = `
import { defineApp } from '@campusbase/plugin-sdk';
export default defineApp({
  events: {
    'iot:gate.swipe': async (events, { collections }) => {
      await collections.use('batches').insert({ size: events.length, first: events[0].data.card });
    },
  },
  jobs: {
    tally: async (run, { collections }) => {
      await collections.use('runs').insert({ at: run.scheduledAt });
    },
  },
  routes: {
    'GET /batches': async (_request, { collections }) => (await collections.use('batches').find({ sort: [{ field: '$createdAt' }] })).items.map((d) => d.data),
  },
});
`;

let h: AppsHarness;
let withScope: string;
let withoutScope: string;

beforeAll(async () => {
  h = await startAppsHarness();
  await registerTestApp(h.db.owner, manifest, source);
  const install = async (tenant: string, approvedScopes: string[]) => {
    const response = await h.request(
      tenant,
      'POST',
      '/api/v1/apps/installations',
      { appId: 'cn.test.gate', approvedScopes },
      { admin: true },
    );
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  withScope = await install(h.schools[0]!, ['iot:events:gate.swipe']);
  withoutScope = await install(h.schools[1]!, []);
});
afterAll(() => h?.close());

describe('events and jobs', () => {
  it('delivers device events in batches of the declared size, only where the scope was approved', async () => {
    const events = h.schools.flatMap((tenantId) =>
      Array.from({ length: 250 }, (_, i) => ({
        id: `${tenantId}-${i}`,
        tenantId,
        deviceId: 'gate-01',
        type: 'gate.swipe',
        ts: new Date(Date.UTC(2026, 10, 21, 0, 0, i)),
        data: { card: `C${i}` },
      })),
    );
    await h.apps.events.deliver(events);
    const batches = (await (
      await h.request(h.schools[0]!, 'GET', `/apps/${withScope}/api/batches`)
    ).json()) as Array<{ size: number; first: string }>;
    expect(batches).toEqual([
      { size: 100, first: 'C0' },
      { size: 100, first: 'C100' },
      { size: 50, first: 'C200' },
    ]);
    const none = (await (
      await h.request(h.schools[1]!, 'GET', `/apps/${withoutScope}/api/batches`)
    ).json()) as unknown[];
    expect(none).toEqual([]);
  });

  it('schedules declared jobs and never runs two of the same job at once', async () => {
    await h.apps.jobs.refresh();
    expect(h.apps.jobs.keys()).toEqual(
      expect.arrayContaining([`${withScope}/tally`, `${withoutScope}/tally`]),
    );
    const at = new Date();
    const [first, second] = await Promise.all([
      h.apps.jobs.run(h.schools[0]!, withScope, 'tally', at),
      h.apps.jobs.run(h.schools[0]!, withScope, 'tally', at),
    ]);
    expect([first, second].sort()).toEqual([false, true]);
    const runs = await h.db.owner
      .selectFrom('app_documents')
      .select('data')
      .where('installation_id', '=', withScope)
      .where('collection', '=', 'runs')
      .execute();
    expect(runs).toHaveLength(1);
    // Another node running the same job holds its advisory lock: this node skips the run.
    await h.db.owner.connection().execute(async (conn) => {
      const lock = `app-job:${withScope}/tally`;
      await sql`SELECT pg_advisory_lock(hashtextextended(${lock}, 0))`.execute(conn);
      try {
        expect(await h.apps.jobs.run(h.schools[0]!, withScope, 'tally', at)).toBe(false);
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtextextended(${lock}, 0))`.execute(conn);
      }
    });
    // A disabled installation drops out of the schedule.
    await h.request(h.schools[1]!, 'POST', `/api/v1/apps/installations/${withoutScope}/disable`, undefined, {
      admin: true,
    });
    await h.apps.jobs.refresh();
    expect(h.apps.jobs.keys()).not.toContain(`${withoutScope}/tally`);
  });
});
