import { ForbiddenError, InputError, LimitError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import type { CurrentUser, JsonValue } from '@campusbase/plugin-sdk';
import type { HttpMethod } from '@campusbase/plugin-sdk/manifest';
import type { RouteRequestWire } from '@campusbase/plugin-sdk/protocol';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requirePrincipal, type Principal } from '../auth/principal.ts';
import { isUuid } from '../db/tenant-scope.ts';
import type { App } from '../app.ts';
import type { AppEnv } from '../http/types.ts';
import { tenantOfInstallation } from './installations.repository.ts';
import { matchRoute } from './manifest.ts';
import type { AppRuntime } from './runtime.ts';

const MAX_BODY_BYTES = 1024 * 1024;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const STRIPPED_REQUEST_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization', 'x-csrf-token']);
const ALLOWED_RESPONSE_HEADERS = new Set(['cache-control', 'content-disposition', 'etag', 'last-modified']);

/** The SDK's view of the signed-in person, with only what an app may know. */
export function currentUser(principal: Principal): CurrentUser {
  const roles = new Set(principal.roles.map((r) => r.role));
  const kind = roles.has('student')
    ? 'student'
    : roles.has('parent')
      ? 'guardian'
      : roles.has('teacher') || roles.has('head_teacher')
        ? 'teacher'
        : 'staff';
  return {
    id: principal.personId,
    name: principal.displayName,
    kind,
    isAdmin: principal.can('apps:install'),
  };
}

/** Installation → tenant never changes, so it is cached for the process. */
function tenantCache(runtime: AppRuntime) {
  const cache = new Map<string, string>();
  return async (installationId: string): Promise<string | null> => {
    const hit = cache.get(installationId);
    if (hit) return hit;
    const tenantId = await tenantOfInstallation(runtime.owner, installationId);
    if (tenantId) {
      if (cache.size > 50_000) cache.clear();
      cache.set(installationId, tenantId);
    }
    return tenantId;
  };
}

async function readBody(c: Context<AppEnv>): Promise<JsonValue | null> {
  if (c.req.method === 'GET' || c.req.method === 'DELETE') return null;
  const length = Number(c.req.header('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) {
    throw new LimitError(
      { zh: '请求体超过 1 MB', en: 'The request body is larger than 1 MB' },
      { status: 413, code: 'payload_too_large' },
    );
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new LimitError(
      { zh: '请求体超过 1 MB', en: 'The request body is larger than 1 MB' },
      { status: 413, code: 'payload_too_large' },
    );
  }
  if (text === '') return null;
  if ((c.req.header('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      throw new InputError({ zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' });
    }
  }
  return text;
}

/**
 * `/apps/{installationId}/api/*`: the request reaches the guest only when the path matches a route
 * the manifest declares, the installation is enabled, and the caller may use it (`user`: a member
 * of that school; `admin`: one who may manage apps; `none`: anyone, for webhooks).
 * Responses are data only: the app cannot set cookies or serve active content on the portal origin.
 */
export function appApiRoutes(app: App, runtime: AppRuntime): void {
  const tenantOf = tenantCache(runtime);
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/apps/{installationId}/api/{path}',
    tags: ['Apps'],
    summary: "An installed app's own route (any method the manifest declares), run in the sandbox",
    request: { params: z.object({ installationId: z.uuid(), path: z.string() }) },
    responses: { 200: { description: "The app's response" } },
  });

  app.all('/apps/:installationId/api/*', async (c) => {
    const installationId = c.req.param('installationId');
    const notFound = () =>
      new NotFoundError(
        { zh: '本校没有这个应用或接口', en: 'No such app route in this school' },
        undefined,
        'app_route_not_found',
      );
    if (!isUuid(installationId) || !METHODS.has(c.req.method)) throw notFound();
    const tenantId = await tenantOf(installationId);
    if (!tenantId) throw notFound();
    const prefix = `/apps/${installationId}/api`;
    const subpath = c.req.path.slice(prefix.length) || '/';
    const binding = await runtime.binding(tenantId, installationId);
    const route = binding ? matchRoute(binding.manifest, c.req.method, subpath) : null;
    if (!binding || !route) throw notFound();

    let user: CurrentUser | null = null;
    let personId: string | null = null;
    if (route.auth !== 'none') {
      const principal = requirePrincipal(c);
      // Another school's member learns nothing about this installation.
      if (principal.activeTenantId !== tenantId) throw notFound();
      user = currentUser(principal);
      personId = principal.personId;
      if (route.auth === 'admin' && !user.isAdmin) {
        throw new ForbiddenError({
          zh: '只有学校管理员可以使用这个功能',
          en: 'Only a school admin may use this',
        });
      }
    }
    const live = await runtime.runnable(tenantId, installationId);

    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      if (!STRIPPED_REQUEST_HEADERS.has(name)) headers[name] = value;
    });
    const request: RouteRequestWire = {
      method: c.req.method as HttpMethod,
      path: subpath,
      params: route.params,
      query: c.req.query(),
      headers,
      body: await readBody(c),
    };
    const requestId = c.get('requestId');
    const caller = { user, personId, requestId, locale: c.get('locale') };
    const response = await runtime.invoke(
      live,
      { kind: 'route', route: route.key, request, context: runtime.context(live, caller) },
      { personId, requestId, trigger: `route ${route.key}` },
    );
    return toHttpResponse(response);
  });
}

function toHttpResponse(wire: unknown): Response {
  const response = wire as {
    status?: number;
    headers?: Record<string, string>;
    body?: { type: string; value?: unknown; contentType?: string };
  } | null;
  const status =
    Number.isInteger(response?.status) && response!.status! >= 200 && response!.status! <= 599
      ? response!.status!
      : 200;
  const headers = new Headers({
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
  });
  for (const [name, value] of Object.entries(response?.headers ?? {})) {
    const lower = name.toLowerCase();
    if ((ALLOWED_RESPONSE_HEADERS.has(lower) || lower.startsWith('x-app-')) && typeof value === 'string')
      headers.set(lower, value);
  }
  const body = response?.body;
  if (!body || body.type === 'empty' || status === 204)
    return new Response(null, { status: status === 200 ? 204 : status, headers });
  if (body.type === 'text') {
    const type =
      body.contentType === 'text/csv' || body.contentType === 'text/markdown'
        ? body.contentType
        : 'text/plain';
    headers.set('content-type', `${type}; charset=utf-8`);
    return new Response(String(body.value ?? ''), { status, headers });
  }
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body.value ?? null), { status, headers });
}
