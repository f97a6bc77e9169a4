import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTestApp, testManifest } from './testing/fixtures.ts';
import { type AppsHarness, startAppsHarness } from './testing/harness.ts';
import { hostileManifest, hostileSource } from './testing/hostile-app.ts';
import { noticeManifest, noticeSource } from './testing/notice-app.ts';

/**
 * The hostile-app suite: school A installs an app that attacks the platform; school B runs a
 * well-behaved app. Every attack must be contained, recorded in school A's audit log, and school B
 * must be served normally while it happens and afterwards. All of it runs through the real
 * supervisor, worker processes, isolates and PostgreSQL.
 */
let h: AppsHarness;
let schoolA: string;
let schoolB: string;
let hostile: string;
let good: string;
let goodDoc: string;

async function install(tenant: string, appId: string, approvedScopes: string[]) {
  const response = await h.request(
    tenant,
    'POST',
    '/api/v1/apps/installations',
    { appId, approvedScopes },
    { admin: true },
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** School B's app answers with its document. */
async function goodAnswers(): Promise<void> {
  const response = await h.request(schoolB, 'GET', `/apps/${good}/api/notices/${goodDoc}`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ title: '期中考试安排' });
}

/** Runs an attack while school B keeps calling its app; returns the attack's response. */
async function attack(
  path: string,
): Promise<{ status: number; body: { error?: { code: string }; [key: string]: unknown } }> {
  const before = h.audit.entries.length;
  const attackCall = h.request(schoolA, 'GET', `/apps/${hostile}/api${path}`);
  // School B during the attack: several calls while the hostile call is still running.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    await goodAnswers();
  }
  const response = await attackCall;
  await goodAnswers();
  const text = await response.text();
  const body = text ? (JSON.parse(text) as { error?: { code: string } }) : {};
  lastEntries = h.audit.entries.slice(before);
  return { status: response.status, body };
}
let lastEntries: typeof h.audit.entries = [];

function auditedForA(action: string, result = 'failure') {
  const entry = lastEntries.find(
    (e) => e.action === action && e.tenantId === schoolA && e.targetId === hostile,
  );
  expect(entry, `audit entry ${action} for school A`).toBeDefined();
  expect(entry?.result).toBe(result);
  expect(lastEntries.filter((e) => e.tenantId === schoolB)).toEqual([]);
}

beforeAll(async () => {
  h = await startAppsHarness({
    limits: {
      memoryMb: 32,
      callTimeoutMs: 500,
      deadlineMs: 2500,
      cpuBudgetMs: 1000,
      maxResponseBytes: 4 * 1024 * 1024,
    },
  });
  [schoolA, schoolB] = h.schools as [string, string];
  await registerTestApp(h.db.owner, testManifest(noticeManifest), noticeSource);
  await registerTestApp(h.db.owner, testManifest(hostileManifest), hostileSource, [], { raw: true });
  hostile = await install(schoolA, 'cn.test.hostile', []);
  good = await install(schoolB, 'cn.test.notices', ['org:read']);
  const created = await h.request(schoolB, 'POST', `/apps/${good}/api/notices`, {
    title: '期中考试安排',
    classId: '7-2',
  });
  goodDoc = ((await created.json()) as { id: string }).id;
});
afterAll(() => h?.close());

describe('a hostile app is contained and school B is served throughout', () => {
  it('an endless loop is stopped by the per-call timeout', async () => {
    const result = await attack('/loop');
    expect(result.status).toBe(503);
    expect(result.body.error?.code).toBe('app_timeout');
    auditedForA('app.sandbox.timeout');
  });

  it('a memory bomb loses its isolate, not the worker', async () => {
    const pid = h.apps.runtime.supervisor.workerPid(hostile);
    const result = await attack('/memory');
    expect(result.status).toBe(503);
    expect(result.body.error?.code).toBe('app_memory');
    expect(h.apps.runtime.supervisor.workerPid(hostile)).toBe(pid);
    auditedForA('app.sandbox.memory');
  });

  it('deep recursion ends in a contained stack overflow', async () => {
    const result = await attack('/recursion');
    expect(result.status).toBe(503);
    auditedForA('app.sandbox.guest_error');
  });

  it('a promise that never settles hits the wall-clock deadline', async () => {
    const result = await attack('/never');
    expect(result.status).toBe(503);
    expect(result.body.error?.code).toBe('app_deadline');
    auditedForA('app.sandbox.deadline');
  });

  it('a 100 MB response never leaves the isolate', async () => {
    const result = await attack('/huge');
    expect([413, 503]).toContain(result.status);
    // Whichever limit V8 reaches first (heap, CPU spent collecting, or the size cap) contains it.
    const codes = ['app_memory', 'app_response_too_large', 'app_cpu_budget', 'app_timeout'];
    expect(codes).toContain(result.body.error?.code);
    auditedForA(`app.sandbox.${result.body.error?.code?.slice(4)}`);
  });

  it('a response over the cap is refused with 413', async () => {
    const result = await attack('/big-response');
    expect(result.status).toBe(413);
    auditedForA('app.sandbox.response_too_large');
  });

  it('CPU bursts between host calls are stopped by the CPU budget', async () => {
    const result = await attack('/cpu');
    expect(result.status).toBe(503);
    expect(result.body.error?.code).toBe('app_cpu_budget');
    auditedForA('app.sandbox.cpu_budget');
  });

  it('finds no process, require, import or host object to escape through', async () => {
    const result = await attack('/escape');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      process: 'undefined',
      require: 'undefined',
      module: 'undefined',
      globalProcess: 'undefined',
      functionProcess: 'undefined',
      constructorProcess: 'undefined',
      constructorRequire: 'blocked:ReferenceError',
      asyncFunctionProcess: 'blocked:ReferenceError',
      timers: 'undefinedundefinedundefined',
      fetch: 'undefined',
      globals: [],
      invokeLeft: 'undefined',
    });
    expect(result.body.importFs).toMatch(/^blocked/);
    expect(result.body.importChild).toMatch(/^blocked/);
  });

  it('require and dynamic import fail inside the isolate and are audited', async () => {
    const required = await attack('/require');
    expect(required.status).toBe(503);
    auditedForA('app.sandbox.guest_error');
    const imported = await attack('/import');
    expect(imported.status).toBe(503);
    auditedForA('app.sandbox.guest_error');
  });

  it("cannot read another installation's collection, even with forged ids", async () => {
    const result = await attack(`/steal?id=${goodDoc}&other=${good}&tenant=${schoolB}`);
    expect(result.status).toBe(200);
    const body = result.body as unknown as {
      own: { ok: boolean; value: unknown };
      forged: { ok: boolean; error: { code: string } };
      traversal: { ok: boolean; error: { code: string } };
    };
    // Its own "notices" are bound to its own installation: school B's document is not there.
    expect(body.own).toEqual({ ok: true, value: null });
    expect(body.forged.ok).toBe(false);
    expect(body.forged.error.code).toBe('invalid_host_call');
    expect(body.traversal.ok).toBe(false);
    auditedForA('app.capability.collections.get', 'denied');
  });

  it('calling a capability the admin did not approve is refused and audited', async () => {
    const result = await attack('/people');
    const body = result.body as unknown as { ok: boolean; error: { code: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('scope_not_approved');
    auditedForA('app.capability.people.list', 'denied');
  });

  it('fetching a host the manifest does not declare is refused and audited', async () => {
    const result = await attack('/fetch');
    const body = result.body as unknown as { ok: boolean; error: { code: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('scope_not_declared');
    auditedForA('app.capability.http.fetch', 'denied');
  });

  it('a host-call reference kept from an ended call is dead', async () => {
    await attack('/stash');
    const result = await attack('/use-stale');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: false, error: { code: 'app_call_ended' } });
  });

  it('a crashed worker is restarted; its call in flight fails cleanly', async () => {
    const pid = h.apps.runtime.supervisor.workerPid(hostile);
    expect(pid).toBeDefined();
    const call = h.request(schoolA, 'GET', `/apps/${hostile}/api/never`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid!, 'SIGKILL');
    const response = await call;
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('app_worker_crashed');
    // The restarted worker serves both schools again.
    await goodAnswers();
    const after = await h.request(schoolA, 'GET', `/apps/${hostile}/api/escape`);
    expect(after.status).toBe(200);
    expect(h.apps.runtime.supervisor.workerPid(hostile)).not.toBe(pid);
  });
});
