import { describe, expect, it } from 'vitest';
import { defineApp } from '../app/define-app.ts';
import { ForbiddenError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import type { AppManifest } from '../manifest/types.ts';
import { createFakeHost } from './fake-host.ts';

interface Score {
  [key: string]: JsonValue;
  student: string;
  points: number;
}

const manifest: AppManifest = {
  id: 'com.example.scores',
  version: '1.0.0',
  engines: { campusbase: '^0.1.0' },
  name: { zh: '成绩', en: 'Scores' },
  description: { zh: '成绩', en: 'Scores' },
  permissions: ['people:read:basic', 'http:fetch:api.example.cn', 'iot:commands:class-board'],
  server: { entry: 'src/server.ts' },
  collections: {
    scores: {
      schema: {
        type: 'object',
        required: ['student', 'points'],
        properties: { student: { type: 'string' }, points: { type: 'integer', minimum: 0 } },
      },
      indexes: [{ name: 'by_student', fields: ['student'], unique: true }],
    },
  },
  routes: [{ method: 'GET', path: '/probe' }],
  jobs: [{ name: 'nightly', cron: '0 2 * * *' }],
};

const app = defineApp<{ collections: { scores: Score } }>({
  routes: {
    'GET /probe': async (request, context) => {
      if (request.query['what'] === 'contact')
        return (await context.people.list({ include: ['contact'] })).items.length;
      if (request.query['what'] === 'fetch')
        return (await context.http.fetch(request.query['url'] ?? '')).text();
      try {
        await context.org.list();
        return 'allowed';
      } catch (error) {
        return error instanceof ForbiddenError ? `refused:${error.code}` : 'other';
      }
    },
  },
  jobs: { nightly: async (_run, context) => context.log.info('ran') },
});

function scores(options: { approvedScopes?: string[] } = {}) {
  return createFakeHost({
    manifest,
    app,
    ...options,
    people: [
      {
        id: 'p1',
        name: '张三',
        kind: 'student',
        orgUnitIds: [],
        contact: { phone: '13800000000', email: null },
      },
    ],
    devices: [{ id: 'board-1', type: 'class-board', name: '三(2)班班牌', online: true, orgUnitId: null }],
    fetch: (request) => ({ status: 200, body: `fetched ${request.url}` }),
  });
}

describe('fake host: scopes', () => {
  it('refuses an undeclared scope with scope_not_declared, inside the app as a ForbiddenError', async () => {
    const host = scores();
    expect((await host.request('GET', '/probe')).body).toBe('refused:scope_not_declared');
    expect(host.records.audit.at(-1)).toEqual({
      method: 'org.list',
      allowed: false,
      code: 'scope_not_declared',
    });
  });

  it('refuses a declared but unapproved scope with scope_not_approved', async () => {
    const host = scores({ approvedScopes: [] });
    const outcome = await host.hostCall('people.list', {});
    expect(outcome).toMatchObject({ ok: false, error: { status: 403, code: 'scope_not_approved' } });
  });

  it('needs people:read:contact for contact details', async () => {
    const response = await scores().request('GET', '/probe?what=contact');
    expect(response).toMatchObject({
      status: 403,
      body: { error: { code: 'scope_not_declared', details: { scope: 'people:read:contact' } } },
    });
    const basic = await scores().hostCall('people.get', { id: 'p1' });
    expect(basic).toEqual({ ok: true, value: { id: 'p1', name: '张三', kind: 'student', orgUnitIds: [] } });
  });

  it('fetches declared hosts only, over https', async () => {
    const host = scores();
    expect((await host.request('GET', '/probe?what=fetch&url=https://api.example.cn/x')).body).toBe(
      'fetched https://api.example.cn/x',
    );
    expect((await host.request('GET', '/probe?what=fetch&url=https://evil.example.cn/x')).status).toBe(403);
    expect((await host.request('GET', '/probe?what=fetch&url=http://api.example.cn/x')).status).toBe(400);
    expect(host.records.fetches).toHaveLength(1);
  });

  it('checks device commands against the device type', async () => {
    const host = scores();
    expect(await host.hostCall('iot.sendCommand', { deviceId: 'board-1', command: 'show' })).toMatchObject({
      ok: true,
    });
    expect(await host.hostCall('iot.sendCommand', { deviceId: 'gate-9', command: 'open' })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
  });

  it('rejects malformed arguments and unknown methods', async () => {
    const host = scores();
    expect(await host.hostCall('collections.find', { collection: 'scores', limit: 10_000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_host_call' },
    });
    expect(await host.hostCall('fs.read', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_host_method' },
    });
    expect(await host.hostCall('collections.get', { collection: 'other_apps_data', id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'scope_not_declared' },
    });
  });
});

describe('fake host: collections', () => {
  it('validates, versions, filters, sorts and pages', async () => {
    const host = scores();
    const call = (method: string, args: JsonValue) => host.hostCall(method, args);
    for (const [student, points] of [
      ['a', 5],
      ['b', 9],
      ['c', 7],
      ['d', 1],
    ] as const) {
      expect(
        await call('collections.insert', { collection: 'scores', data: { student, points } }),
      ).toMatchObject({ ok: true });
    }
    expect(
      await call('collections.insert', { collection: 'scores', data: { student: 'e', points: -1 } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_document' },
    });
    expect(
      await call('collections.insert', { collection: 'scores', data: { student: 'a', points: 1 } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unique_violation' },
    });
    const first = await call('collections.find', {
      collection: 'scores',
      filter: { points: { $gte: 5 } },
      sort: [{ field: 'points', order: 'desc' }],
      limit: 2,
    });
    expect(first).toMatchObject({
      ok: true,
      value: { items: [{ data: { student: 'b' } }, { data: { student: 'c' } }] },
    });
    const cursor = first.ok ? (first.value as { nextCursor: string }).nextCursor : '';
    const second = await call('collections.find', {
      collection: 'scores',
      filter: { points: { $gte: 5 } },
      sort: [{ field: 'points', order: 'desc' }],
      limit: 2,
      cursor,
    });
    expect(second).toMatchObject({
      ok: true,
      value: { items: [{ data: { student: 'a' } }], nextCursor: null },
    });
    expect(
      await call('collections.count', {
        collection: 'scores',
        filter: { $or: [{ student: 'a' }, { student: { $in: ['d'] } }] },
      }),
    ).toEqual({
      ok: true,
      value: { count: 2 },
    });
  });

  it('applies a transaction all or nothing, and detects stale versions', async () => {
    const host = scores();
    const inserted = await host.hostCall('collections.insert', {
      collection: 'scores',
      data: { student: 'a', points: 1 },
    });
    const id = inserted.ok ? (inserted.value as { id: string }).id : '';
    const failed = await host.hostCall('collections.transaction', {
      operations: [
        { op: 'update', collection: 'scores', id, patch: { points: 2 }, expectedVersion: 1 },
        { op: 'insert', collection: 'scores', data: { student: 'a', points: 3 } },
      ],
    });
    expect(failed).toMatchObject({ ok: false, error: { code: 'unique_violation' } });
    expect(host.documents('scores').map((document) => document.data['points'])).toEqual([1]);
    const stale = await host.hostCall('collections.update', {
      collection: 'scores',
      id,
      patch: { points: 4 },
      expectedVersion: 7,
    });
    expect(stale).toMatchObject({ ok: false, error: { status: 409, code: 'version_conflict' } });
  });
});

describe('fake host: loading', () => {
  it('refuses server code that does not match the manifest', () => {
    const stray = defineApp({ routes: { 'GET /undeclared': () => null } });
    expect(() => createFakeHost({ manifest, app: stray })).toThrow(/routes "GET \/probe"/);
  });

  it('runs jobs and records logs', async () => {
    const host = scores();
    await host.runJob('nightly');
    expect(host.records.logs).toEqual([{ level: 'info', message: 'ran', fields: {} }]);
  });

  it('defineApp fails loudly on misuse', () => {
    expect(() => defineApp({ routes: { 'FETCH /x': () => null } } as never)).toThrow(/GET \/path/);
    expect(() => defineApp({ route: {} } as never)).toThrow(/unknown key "route"/);
  });
});
