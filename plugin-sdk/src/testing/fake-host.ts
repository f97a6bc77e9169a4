import type { AppEvent, CurrentUser } from '../app/types.ts';
import { fromWireError } from '../app/wire-errors.ts';
import type { Device } from '../capabilities/iot.ts';
import type { OrgUnit, Person } from '../capabilities/directory.ts';
import { DomainError, InputError } from '../errors/index.ts';
import type { AppModule, Invocation, InvocationContext, RouteResponseWire } from '../host-protocol.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { createAjv, issuesFromAjv } from '../manifest/ajv.ts';
import { formatIssues } from '../manifest/issues.ts';
import type { AppManifest, HttpMethod } from '../manifest/types.ts';
import { matchManifestRoute } from '../manifest/routes.ts';
import { parseManifest } from '../manifest/validate.ts';
import { checkAppDescription } from '../protocol/describe.ts';
import { createScopeGrant } from '../protocol/grant.ts';
import {
  createFakeHostCall,
  type FakeFetch,
  type FakeGuardianship,
  type FakeRecords,
} from './fake-capabilities.ts';
import { MemoryStore } from './memory-store.ts';

export interface FakeHostOptions {
  /** The parsed `campusbase.app.json`; it is validated exactly as the marketplace does. */
  readonly manifest: unknown;
  /** The server code: the default export of your entry (`defineApp({...})`). */
  readonly app: AppModule;
  /** Default: every scope the manifest declares, as if the school admin approved them all. */
  readonly approvedScopes?: ReadonlyArray<string>;
  /** The school admin's settings; defaults from the settings schema are filled in. */
  readonly settings?: JsonObject;
  readonly people?: ReadonlyArray<Person>;
  readonly orgUnits?: ReadonlyArray<OrgUnit>;
  readonly devices?: ReadonlyArray<Device>;
  /** Who guards whom, for `people.guardiansOf`; a guardian's `contact.phone` makes `hasPhone` true. */
  readonly guardianships?: ReadonlyArray<FakeGuardianship>;
  /** Answers `http.fetch` calls that pass the scope check. */
  readonly fetch?: FakeFetch;
  /** The signed-in user of `request` unless a call passes another; default a teacher. */
  readonly user?: CurrentUser;
  readonly locale?: 'zh-CN' | 'en';
  readonly now?: () => Date;
}

export interface FakeResponse {
  readonly status: number;
  readonly headers: { readonly [name: string]: string };
  /** Parsed JSON, text, or `null` for an empty body. Errors are `{ error: { code, message, details } }`. */
  readonly body: JsonValue;
}

export interface RequestInit {
  readonly body?: JsonValue;
  readonly query?: { readonly [name: string]: string };
  readonly headers?: { readonly [name: string]: string };
  /** `null` for an anonymous call. */
  readonly user?: CurrentUser | null;
}

export const DEFAULT_TEST_USER: CurrentUser = {
  id: 'person-teacher-1',
  name: '王老师',
  kind: 'teacher',
  isAdmin: false,
};

function errorResponse(status: number, code: string, message: string): FakeResponse {
  return { status, headers: {}, body: { error: { code, message } } };
}

/**
 * An in-memory CampusBase for an app's tests. It loads the app through the host protocol exactly
 * as the runtime does (manifest check, `describe()` check, `dispatch` with a JSON-only `hostCall`),
 * and checks every capability call against the approved scopes with the runtime's own functions.
 *
 * @example
 * const host = createFakeHost({ manifest, app, approvedScopes: [] });
 * const response = await host.request('POST', '/notices', { body: { title: '明天春游' } });
 * expect(response.status).toBe(201);
 */
export function createFakeHost(options: FakeHostOptions) {
  const manifest: AppManifest = parseManifest(options.manifest);
  const mismatch = checkAppDescription(options.app.describe(), manifest);
  if (mismatch.length > 0) {
    throw new InputError(
      {
        zh: `服务端代码与清单不一致：\n${formatIssues(mismatch)}`,
        en: `The server code does not match the manifest:\n${formatIssues(mismatch, 'en')}`,
      },
      { issues: mismatch },
      'app_mismatch',
    );
  }
  const now = options.now ?? (() => new Date());
  const store = new MemoryStore(manifest, now);
  let approvedScopes = [...(options.approvedScopes ?? manifest.permissions ?? [])];
  let grant = createScopeGrant({ manifest, approvedScopes });
  const settingsAjv = createAjv({ useDefaults: true });
  const validateSettings = settingsAjv.compile(manifest.settings?.schema ?? { type: 'object' });
  let settings: JsonObject = {};
  const records: FakeRecords = { audit: [], messages: [], commands: [], fetches: [], logs: [] };
  let requestCounter = 0;

  function setSettings(values: JsonObject): void {
    const copy = structuredClone(values) as { [key: string]: JsonValue };
    if (!validateSettings(copy)) {
      const issues = issuesFromAjv(validateSettings.errors);
      throw new InputError(
        {
          zh: `设置不符合 settings.schema：${formatIssues(issues)}`,
          en: `Settings do not match settings.schema: ${formatIssues(issues, 'en')}`,
        },
        { issues },
        'invalid_settings',
      );
    }
    settings = copy;
  }
  setSettings(options.settings ?? {});

  const hostCall = createFakeHostCall({
    store,
    directory: {
      people: options.people ?? [],
      orgUnits: options.orgUnits ?? [],
      devices: options.devices ?? [],
      guardianships: options.guardianships ?? [],
    },
    grant: () => grant,
    settings: () => settings,
    fetch: options.fetch,
    records,
  });

  function context(user: CurrentUser | null): InvocationContext {
    requestCounter += 1;
    return {
      app: { id: manifest.id, version: manifest.version, installationId: 'fake-installation' },
      school: { name: '测试实验小学' },
      user,
      locale: options.locale ?? 'zh-CN',
      requestId: `fake-request-${requestCounter}`,
      approvedScopes: [...grant.scopes],
    };
  }

  async function invoke(invocation: Invocation): Promise<RouteResponseWire | null> {
    // JSON round trip in both directions, as across the isolate boundary.
    const outcome = await options.app.dispatch(
      JSON.parse(JSON.stringify(invocation)) as Invocation,
      hostCall,
    );
    const copy = JSON.parse(JSON.stringify(outcome)) as typeof outcome;
    if (!copy.ok) throw fromWireError(copy.error);
    return copy.value;
  }

  return {
    manifest,
    records,
    /** Calls a route as the portal would, at its path below `/apps/{installationId}/api`. */
    async request(method: HttpMethod, path: string, init: RequestInit = {}): Promise<FakeResponse> {
      const [pathname = '/', search = ''] = path.split('?');
      // The runtime's own precedence: the first declared route that matches (manifest/routes.ts).
      const match = matchManifestRoute(manifest.routes, method, pathname);
      if (!match) return errorResponse(404, 'route_not_found', `No route ${method} ${pathname}`);
      const user = init.user === undefined ? (options.user ?? DEFAULT_TEST_USER) : init.user;
      const auth = match.route.auth ?? 'user';
      if (auth !== 'none' && !user) return errorResponse(401, 'unauthenticated', '请先登录');
      if (auth === 'admin' && !user?.isAdmin)
        return errorResponse(403, 'forbidden', '只有学校管理员可以使用这个功能');
      const query = { ...Object.fromEntries(new URLSearchParams(search)), ...init.query };
      const invocation: Invocation = {
        kind: 'route',
        route: `${match.route.method} ${match.route.path}`,
        request: {
          method,
          path: pathname,
          params: match.params,
          query,
          headers: init.headers ?? {},
          body: init.body ?? null,
        },
        context: context(auth === 'none' ? null : user),
      };
      try {
        const response = (await invoke(invocation))!;
        const { body } = response;
        return {
          status: response.status,
          headers: response.headers,
          body: body.type === 'empty' ? null : body.value,
        };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const message = error.messageFor(options.locale ?? 'zh-CN');
        const details = (error.details ?? null) as JsonValue;
        return { status: error.status, headers: {}, body: { error: { code: error.code, message, details } } };
      }
    },
    /** Delivers one batch of events; throws the app's error, as a failed delivery. */
    async deliver(
      type: string,
      events: ReadonlyArray<Partial<AppEvent> & { readonly data: JsonObject }>,
    ): Promise<void> {
      if (!(manifest.events ?? []).some((event) => event.type === type)) {
        throw new InputError({ zh: `应用未订阅事件 ${type}`, en: `The app does not subscribe to ${type}` });
      }
      const batch: AppEvent[] = events.map((event, i) => ({
        id: event.id ?? `event-${i + 1}`,
        type,
        occurredAt: event.occurredAt ?? now().toISOString(),
        deviceId: event.deviceId ?? null,
        data: event.data,
      }));
      await invoke({ kind: 'event', type, events: batch, context: context(null) });
    },
    async runJob(name: string): Promise<void> {
      if (!(manifest.jobs ?? []).some((job) => job.name === name)) {
        throw new InputError({ zh: `应用没有定时任务 ${name}`, en: `The app has no job ${name}` });
      }
      await invoke({ kind: 'job', job: name, scheduledAt: now().toISOString(), context: context(null) });
    },
    async install(): Promise<void> {
      if (manifest.hooks?.includes('install'))
        await invoke({ kind: 'hook', hook: 'install', context: context(null) });
    },
    async upgrade(fromVersion: string): Promise<void> {
      if (manifest.hooks?.includes('upgrade'))
        await invoke({ kind: 'hook', hook: 'upgrade', fromVersion, context: context(null) });
    },
    async uninstall(): Promise<void> {
      if (manifest.hooks?.includes('uninstall'))
        await invoke({ kind: 'hook', hook: 'uninstall', context: context(null) });
    },
    /** The raw host protocol call, for testing what a guest would get. */
    hostCall,
    /** Every stored document of a collection. */
    documents: (collection: string) => store.all(collection),
    setSettings,
    /** Changes the approved scopes, as a school admin would on the consent screen. */
    approve(scopes: ReadonlyArray<string>): void {
      approvedScopes = [...scopes];
      grant = createScopeGrant({ manifest, approvedScopes });
    },
  };
}

export type FakeHost = ReturnType<typeof createFakeHost>;
