import type { HttpBindings } from '@hono/node-server';
import type { Locale } from '@campusbase/plugin-sdk/errors';
import type { Context, Hono } from 'hono';
import type { Result, Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';
import { accessLogger, type Logger } from '../logger.ts';
import { negotiateLocale } from './locale.ts';
import { type SecurityHeaderOptions, securityHeaderSets } from './security-headers.ts';
import type { AppEnv, KernelVariables } from './types.ts';

/**
 * The kernel: what every request gets, outside Hono's middleware chain.
 *
 * Each middleware layer in Hono's compose costs two promises, and a single `*` middleware takes
 * every route off @hono/node-server's synchronous path (a handler's Response written in the same
 * tick). Measured on /api/v1/me, that structure cost more than all the work the layers did. So the
 * kernel wraps `app.fetch` instead:
 *
 *   request → kernel (request id, locale, stages such as the session) → Hono router → route
 *           → kernel (security headers, X-Request-Id, the log line) → response
 *
 * What the kernel learned travels on the request's bindings (`c.env`) and is put on the context
 * (`c.get('requestId' | 'locale' | 'logger' | …)`) by the router before the first handler runs,
 * so routes and middleware see the same `c.get(...)` contract as before. A stage that fails
 * (the database is down during a session lookup) is rethrown there, inside Hono, so the one
 * error handler answers it.
 */

/** What the kernel knows about a request; stages add to `vars`. */
export interface KernelState {
  requestId: string;
  locale: Locale;
  /** Context variables for the route (`c.get(name)`), set before its first handler. */
  vars: Partial<KernelVariables>;
  /** Headers to add when the route's response does not set them (say, clearing a stale cookie). */
  fallbackHeaders?: Array<[string, string]>;
  failure?: unknown;
  primed?: Context;
}

/** Adds a header for when the route's response does not set it (say, clearing a stale cookie). */
export function addFallbackHeader(state: KernelState, name: string, value: string): void {
  if (state.fallbackHeaders) state.fallbackHeaders.push([name, value]);
  else state.fallbackHeaders = [[name, value]];
}

/** One view of the request for stages: Node's parsed headers when served, Fetch headers in tests. */
export interface KernelRequest {
  method: string;
  header(name: Lowercase<string>): string | undefined;
  state: KernelState;
}

/** Runs before routing, e.g. resolving the session cookie. Sync when it can: a promise costs. */
export type KernelStage = (request: KernelRequest) => void | Promise<void>;

const STATE = Symbol('campusbase.kernel');

type KernelBindings = Partial<HttpBindings> & { [STATE]?: KernelState };

class RequestView implements KernelRequest {
  readonly method: string;
  readonly state: KernelState;
  readonly #request: Request;
  readonly #bindings: KernelBindings;

  constructor(method: string, request: Request, bindings: KernelBindings, state: KernelState) {
    this.method = method;
    this.state = state;
    this.#request = request;
    this.#bindings = bindings;
  }

  header(name: Lowercase<string>): string | undefined {
    const incoming = this.#bindings.incoming;
    if (!incoming) return this.#request.headers.get(name) ?? undefined;
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value;
  }
}

export interface Kernel {
  /** Adds a stage; stages run in the order added. */
  stage(stage: KernelStage): void;
}

const kernels = new WeakMap<object, Kernel>();

/** The kernel of an app made by `createApp`. */
export function kernelOf(app: Hono<AppEnv>): Kernel {
  const kernel = kernels.get(app);
  if (!kernel) throw new Error('This app was not made by createApp: it has no kernel');
  return kernel;
}

/**
 * Puts the kernel's variables on the context, once; then rethrows what a stage failed with, so
 * the error handler answers it (the error handler itself primes without rethrowing).
 */
export function prime(c: Context, rethrow = true): void {
  const state = (c.env as KernelBindings | undefined)?.[STATE];
  if (!state) return;
  if (state.primed !== c) {
    state.primed = c;
    const vars = state.vars as Record<string, unknown>;
    for (const name in vars) c.set(name as never, vars[name] as never);
  }
  if (rethrow && state.failure !== undefined) {
    const failure = state.failure;
    state.failure = undefined;
    throw failure;
  }
}

/** Puts the kernel's variables on the context before a handler runs (see `kernelRouter`). */
export function primed<H extends (c: Context, ...rest: never[]) => unknown>(handler: H): H {
  return ((c: Context, ...rest: never[]) => {
    prime(c);
    return handler(c, ...rest);
  }) as H;
}

const MATCH_MEMO_MAX = 4096;

/** Whether a match carries no path parameters, so that it can be reused for the same path. */
function withoutParams(result: Result<unknown>): boolean {
  const stash = result[1] as unknown[] | undefined; // RegExpRouter's parameter values
  if (stash && stash.length > 0) return false;
  for (const [, params] of result[0] as Array<[unknown, Record<string, string>]>) {
    for (const _ in params) return false;
  }
  return true;
}

/**
 * Hono's default router (RegExpRouter, else TrieRouter), with every handler it stores wrapped by
 * `primed`, and the matches of parameterless paths remembered (the API's routes do not all fit
 * RegExpRouter, and TrieRouter walks the tree on every request). Hono stores `[handler, route]`
 * pairs in its router.
 */
export function kernelRouter<T>(): Router<T> {
  const inner = new SmartRouter<T>({ routers: [new RegExpRouter<T>(), new TrieRouter<T>()] });
  const memo = new Map<string, Result<T>>();
  return {
    name: 'KernelRouter',
    add(method: string, path: string, entry: T): void {
      memo.clear();
      if (Array.isArray(entry) && typeof entry[0] === 'function') {
        inner.add(method, path, [primed(entry[0]), ...entry.slice(1)] as T);
      } else {
        throw new Error('kernelRouter: Hono handed the router an entry it does not know');
      }
    },
    match(method: string, path: string): Result<T> {
      const key = `${method} ${path}`;
      const known = memo.get(key);
      if (known) return known;
      const result = inner.match(method, path);
      if (withoutParams(result)) {
        if (memo.size >= MATCH_MEMO_MAX) memo.clear();
        memo.set(key, result);
      }
      return result;
    },
  };
}

// A caller's id is kept when it is short and plain, so a gateway's id follows the request through.
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{8,128}$/;

/** JSON endpoints; everything else (the portal, the API reference) is served as pages. */
function isApiPath(path: string): boolean {
  return (
    path.startsWith('/api/v') || path === '/healthz' || path === '/readyz' || path.startsWith('/api/openapi')
  );
}

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

/**
 * Wraps `app.fetch` (and so `app.request` in tests) with the kernel.
 *
 * @example
 * const app = new OpenAPIHono<AppEnv>({ router: kernelRouter() });
 * installKernel(app, logger, { frameSources: [], hsts: false });
 */
export function installKernel(app: Hono<AppEnv>, logger: Logger, security: SecurityHeaderOptions): Kernel {
  const headers = securityHeaderSets(security);
  const access = accessLogger(logger);
  const stages: KernelStage[] = [];
  const dispatch = app.fetch;

  const finish = (
    response: Response,
    bindings: KernelBindings,
    state: KernelState,
    path: string,
    method: string,
    started: number,
  ): Response => {
    const fixed = isApiPath(path) ? headers.api : headers.html;
    const outgoing = bindings.outgoing;
    if (outgoing && !outgoing.headersSent) {
      // writeHead gives the route's own headers precedence over these.
      for (const [name, value] of fixed) outgoing.setHeader(name, value);
      outgoing.setHeader('X-Request-Id', state.requestId);
      if (state.fallbackHeaders)
        for (const [name, value] of state.fallbackHeaders) outgoing.setHeader(name, value);
    } else {
      const target = response.headers;
      for (const [name, value] of fixed) if (!target.has(name)) target.set(name, value);
      if (!target.has('X-Request-Id')) target.set('X-Request-Id', state.requestId);
      for (const [name, value] of state.fallbackHeaders ?? []) if (!target.has(name)) target.set(name, value);
    }
    const level = path === '/healthz' || path === '/readyz' ? 'debug' : 'info';
    if (access.isLevelEnabled(level)) {
      access[level](
        {
          reqId: state.requestId,
          method,
          path,
          status: response.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
    }
    return response;
  };

  const run = (request: Request, bindings: KernelBindings, state: KernelState, context: unknown) => {
    const started = performance.now();
    const method = request.method;
    const path = pathOf(request.url);
    const view = new RequestView(method, request, bindings, state);
    const proceed = (i: number): Response | Promise<Response> => {
      for (; i < stages.length; i++) {
        let pending: void | Promise<void>;
        try {
          pending = stages[i]!(view);
        } catch (error) {
          state.failure = error;
          break;
        }
        if (pending) {
          const next = i + 1;
          return pending.then(
            () => proceed(next),
            (error: unknown) => {
              state.failure = error;
              return proceed(stages.length);
            },
          );
        }
      }
      const response = dispatch(request, bindings, context as never);
      return response instanceof Promise
        ? response.then((r) => finish(r, bindings, state, path, method, started))
        : finish(response, bindings, state, path, method, started);
    };
    return proceed(0);
  };

  app.fetch = (request: Request, env?: unknown, executionContext?: unknown) => {
    const bindings: KernelBindings = (env as KernelBindings | undefined) ?? {};
    const incoming = bindings.incoming;
    const given = incoming ? incoming.headers['x-request-id'] : request.headers.get('x-request-id');
    const id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
    const language = incoming ? incoming.headers['accept-language'] : request.headers.get('accept-language');
    const locale = negotiateLocale(language ?? undefined);
    const state: KernelState = {
      requestId: id,
      locale,
      vars: { requestId: id, locale, logger },
    };
    bindings[STATE] = state;
    return run(request, bindings, state, executionContext);
  };

  const kernel: Kernel = { stage: (stage) => void stages.push(stage) };
  kernels.set(app, kernel);
  return kernel;
}

const requestLoggers = new WeakMap<Context, Logger>();

/**
 * The logger for what a handler has to say about its request: every line carries the request id.
 *
 * @example
 * requestLogger(c).info({ messageId }, 'message sent');
 */
export function requestLogger(c: Context<AppEnv>): Logger {
  let child = requestLoggers.get(c);
  if (!child) {
    child = c.get('logger').child({ reqId: c.get('requestId') });
    requestLoggers.set(c, child);
  }
  return child;
}
