/**
 * The host's bootstrap module, linked in every installation's isolate above the app's bundle
 * (DESIGN.md §6, `plugin-sdk/src/host-protocol.ts`).
 *
 * The bundle is one self-contained ES module whose default export is the `AppModule` that
 * `defineApp()` returns; it may import nothing. The bootstrap imports it as `app:bundle` and
 * defines `__cbInvoke(invocationJson, hostCallRef)`, which the worker takes as a reference and then
 * deletes from `globalThis`. `hostCallRef` is made per invocation by the worker and bound there to
 * (tenant, installation, invocation); it is released when the invocation ends, so code that keeps
 * it gets refusals. Only JSON text crosses the boundary, in both directions.
 *
 * The isolate has no `process`, `require`, timers, network or file system to begin with, and the
 * module resolver refuses every other specifier, so dynamic `import()` fails too.
 */
export const BOOTSTRAP_SPECIFIER = 'app:bundle';

export const GUEST_BOOTSTRAP = `
import app from 'app:bundle';
const stringify = JSON.stringify;
const parse = JSON.parse;
const ended = {
  ok: false,
  error: {
    status: 403,
    code: 'app_call_ended',
    message: { zh: '本次调用已结束，不能再使用平台能力', en: 'This call has ended; capabilities are no longer available' },
  },
};
globalThis.__cbInvoke = async function invoke(invocationJson, hostCallRef) {
  if (app === null || typeof app !== 'object' || app.kind !== 'campusbase.app' || typeof app.dispatch !== 'function') {
    return stringify({
      ok: false,
      error: {
        status: 500,
        code: 'app_bundle_invalid',
        message: { zh: '应用包的服务端代码无效', en: 'The server bundle must export default defineApp({...})' },
      },
    });
  }
  const invocation = parse(invocationJson);
  if (invocation.kind === 'describe') return stringify({ ok: true, value: app.describe() });
  const hostCall = async (method, args) => {
    try {
      const reply = await hostCallRef.apply(undefined, [String(method), stringify(args === undefined ? null : args)], {
        arguments: { copy: true },
        result: { promise: true, copy: true },
      });
      return parse(reply);
    } catch {
      return ended;
    }
  };
  return stringify(await app.dispatch(invocation, hostCall));
};
`;
