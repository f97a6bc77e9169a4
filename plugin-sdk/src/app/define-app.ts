import { InputError, NotFoundError } from '../errors/index.ts';
import type {
  AppModule,
  Invocation,
  InvocationOutcome,
  RouteResponseWire,
  WireHostCall,
} from '../host-protocol.ts';
import type { JsonValue } from '../json.ts';
import type { LifecycleHook } from '../manifest/types.ts';
import { SDK_API_VERSION } from '../version.ts';
import { createGuestContext } from './context.ts';
import { AppResponse } from './response.ts';
import type { AppContext, AppDefinition, AppTypes, RouteRequest, RouteResult } from './types.ts';
import { toWireError } from './wire-errors.ts';

const definitionKeys = new Set(['routes', 'events', 'jobs', 'hooks']);
const hookNames: ReadonlyArray<LifecycleHook> = ['install', 'upgrade', 'uninstall'];
const routeKeyPattern = /^(GET|POST|PUT|PATCH|DELETE) \/\S*$/;

function fail(message: string): never {
  throw new TypeError(`defineApp: ${message}`);
}

function checkHandlers(kind: string, handlers: object | undefined, keyPattern?: RegExp): string[] {
  if (handlers === undefined) return [];
  if (typeof handlers !== 'object' || handlers === null) fail(`\`${kind}\` must be an object of handlers`);
  const keys = Object.keys(handlers);
  for (const key of keys) {
    if (keyPattern && !keyPattern.test(key)) fail(`${kind} key "${key}" must look like "GET /path/:param"`);
    if (typeof Reflect.get(handlers, key) !== 'function') fail(`${kind} "${key}" must be a function`);
  }
  return keys.sort();
}

function toRouteResponse(result: RouteResult): RouteResponseWire {
  if (result === undefined) return { status: 204, headers: {}, body: { type: 'empty' } };
  if (result instanceof AppResponse)
    return { status: result.status, headers: result.headers, body: result.body };
  return { status: 200, headers: {}, body: { type: 'json', value: result } };
}

/**
 * Declares an app's server code. The bundle's default export must be the value it returns; the
 * host calls its handlers through the host protocol (see `host-protocol.ts`). Misuse fails here,
 * at load time, not at the first request.
 *
 * @example
 * interface Notice { [key: string]: JsonValue; title: string; classId: string }
 * export default defineApp<{ collections: { notices: Notice } }>({
 *   routes: {
 *     'GET /notices': async (_request, { collections }) =>
 *       (await collections.use('notices').find({ sort: [{ field: '$createdAt', order: 'desc' }] })).items,
 *   },
 * });
 */
export function defineApp<T extends AppTypes = AppTypes>(definition: AppDefinition<T>): AppModule {
  if (typeof definition !== 'object' || definition === null)
    fail('pass an object: defineApp({ routes, ... })');
  for (const key of Object.keys(definition)) {
    if (!definitionKeys.has(key)) fail(`unknown key "${key}"; use routes, events, jobs or hooks`);
  }
  const description = {
    sdkApiVersion: SDK_API_VERSION,
    routes: checkHandlers('routes', definition.routes, routeKeyPattern),
    events: checkHandlers('events', definition.events),
    jobs: checkHandlers('jobs', definition.jobs),
    hooks: checkHandlers('hooks', definition.hooks).map((name) => {
      const hook = hookNames.find((known) => known === name);
      return hook ?? fail(`unknown hook "${name}"; use install, upgrade or uninstall`);
    }),
  };
  // Handlers are typed against the app's own types; at run time every context is the same shape.
  const app = definition as unknown as AppDefinition;

  async function run(invocation: Invocation, context: AppContext): Promise<RouteResponseWire | null> {
    switch (invocation.kind) {
      case 'route': {
        const handler = app.routes?.[invocation.route as `GET /${string}`];
        if (!handler) throw new NotFoundError({ zh: '应用没有这个接口', en: 'The app has no such route' });
        const { request: wire } = invocation;
        const request: RouteRequest = {
          ...wire,
          param(name) {
            const value = wire.params[name];
            if (value === undefined) {
              throw new InputError({
                zh: `缺少路径参数 ${name}`,
                en: `The path parameter ${name} is missing`,
              });
            }
            return value;
          },
        };
        return toRouteResponse(await handler(request, context));
      }
      case 'event': {
        const handler = app.events?.[invocation.type];
        if (!handler)
          throw new NotFoundError({ zh: '应用未订阅该事件', en: 'The app does not handle this event' });
        await handler(invocation.events, context);
        return null;
      }
      case 'job': {
        const handler = app.jobs?.[invocation.job];
        if (!handler) throw new NotFoundError({ zh: '应用没有这个定时任务', en: 'The app has no such job' });
        await handler({ name: invocation.job, scheduledAt: invocation.scheduledAt }, context);
        return null;
      }
      case 'hook': {
        const hooks = app.hooks ?? {};
        if (invocation.hook === 'upgrade')
          await hooks.upgrade?.({ fromVersion: invocation.fromVersion ?? '' }, context);
        else await hooks[invocation.hook]?.(context);
        return null;
      }
    }
  }

  const module: AppModule = {
    kind: 'campusbase.app',
    sdkApiVersion: SDK_API_VERSION,
    describe: () => description,
    async dispatch(invocation: Invocation, hostCall: WireHostCall): Promise<InvocationOutcome> {
      const guest = createGuestContext(invocation.context, hostCall);
      try {
        const value = await run(invocation, guest.context);
        await guest.drain();
        return { ok: true, value };
      } catch (error) {
        await guest.drain();
        return { ok: false, error: toWireError(error) };
      }
    },
  };
  return Object.freeze(module);
}

export type { JsonValue };
