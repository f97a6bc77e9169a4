/**
 * The host protocol: the one boundary between an app's server code (the guest, inside an
 * isolated-vm isolate) and the platform (the host). Both the real runtime in core and the fake host
 * in `@campusbase/plugin-sdk/testing` implement the host side of exactly this file.
 *
 * ## Loading a bundle
 * 1. A package's server bundle is `server.mjs`: one self-contained ES module (esbuild, format esm,
 *    platform neutral, target es2024) with the SDK bundled in. It has **no imports at all**; the
 *    host links it with a resolver that rejects every specifier. There is no `campusbase:app`
 *    module: capabilities reach the guest only as the `hostCall` argument of each `dispatch`, so
 *    module top-level code has no authority at all.
 * 2. Its default export is an `AppModule` (the value `defineApp({...})` returns). The host checks
 *    `kind === 'campusbase.app'` and that `describe()` matches the manifest (`checkAppDescription`
 *    in `@campusbase/plugin-sdk/protocol`): every declared route/event/job/hook has a handler and no
 *    handler is undeclared.
 * 3. Inside the isolate the host runs a small bootstrap of its own, e.g.
 *    ```js
 *    import app from 'app:bundle';
 *    globalThis.__cbInvoke = async (invocationJson, hostCallRef) => JSON.stringify(
 *      await app.dispatch(JSON.parse(invocationJson), async (method, args) =>
 *        JSON.parse(await hostCallRef.apply(undefined, [method, JSON.stringify(args)],
 *          { result: { promise: true, copy: true } }))));
 *    ```
 *    Only JSON strings cross the boundary. The host builds `hostCallRef` per invocation and binds it
 *    to (tenant, installation, invocation); the guest never supplies a tenant or installation id.
 *
 * ## Invoking handlers
 * `dispatch(invocation, hostCall)` never throws and never returns a non-JSON value: it resolves to
 * an `InvocationOutcome`. A `DomainError` thrown by the app keeps its status, code and text; any
 * other error becomes `app_error` (500) with a generic text and the guest's message in `details`.
 * `hostCall` must resolve to a `HostCallOutcome` (never reject); the guest SDK turns a failed
 * outcome back into the matching error class, so `instanceof ForbiddenError` works in app code.
 *
 * ## Checks the host makes on every call
 * Validate `args` against `hostMethodArgSchemas` (untrusted input), then `requiredScopesFor` and the
 * approved scopes (`createScopeGrant`), then quotas and audit, then the capability itself.
 */
import type { Audience, OutgoingMessage, SentMessage } from './capabilities/messages.ts';
import type { CommandReceipt, Device, DeviceCommand } from './capabilities/iot.ts';
import type { Guardian, OrgUnit, OrgUnitKind, PeopleQuery, Person } from './capabilities/directory.ts';
import type {
  Filter,
  Page,
  SortKey,
  StoredDocument,
  TransactionOperation,
  TransactionResult,
} from './capabilities/collections.ts';
import type { FetchInit, LogFields, LogLevel } from './capabilities/misc.ts';
import type { AppDescription, AppEvent, CurrentUser } from './app/types.ts';
import type { Locale, LocalizedText } from './errors/index.ts';
import type { JsonObject, JsonValue } from './json.ts';
import type { HttpMethod, LifecycleHook } from './manifest/types.ts';

/** Every capability call: method name → argument and result types. */
export interface HostMethods {
  'collections.get': { args: { collection: string; id: string }; result: StoredDocument | null };
  'collections.find': {
    args: {
      collection: string;
      filter?: Filter;
      sort?: ReadonlyArray<SortKey>;
      limit?: number;
      cursor?: string;
    };
    result: Page<StoredDocument>;
  };
  'collections.count': { args: { collection: string; filter?: Filter }; result: { count: number } };
  'collections.insert': { args: { collection: string; data: JsonObject }; result: StoredDocument };
  'collections.update': {
    args: { collection: string; id: string; patch: JsonObject; expectedVersion?: number };
    result: StoredDocument;
  };
  'collections.replace': {
    args: { collection: string; id: string; data: JsonObject; expectedVersion?: number };
    result: StoredDocument;
  };
  'collections.delete': {
    args: { collection: string; id: string; expectedVersion?: number };
    result: { deleted: boolean };
  };
  'collections.transaction': {
    args: { operations: ReadonlyArray<TransactionOperation> };
    result: { results: ReadonlyArray<TransactionResult> };
  };
  'people.get': { args: { id: string; include?: ReadonlyArray<'contact'> }; result: Person | null };
  'people.list': { args: PeopleQuery; result: Page<Person> };
  'people.guardiansOf': { args: { studentId: string }; result: { items: ReadonlyArray<Guardian> } };
  'org.get': { args: { id: string }; result: OrgUnit | null };
  'org.list': {
    args: { parentId?: string | null; kind?: OrgUnitKind };
    result: { items: ReadonlyArray<OrgUnit> };
  };
  'messages.send': { args: { audience: Audience; message: OutgoingMessage }; result: SentMessage };
  'iot.listDevices': { args: { type: string }; result: { items: ReadonlyArray<Device> } };
  'iot.sendCommand': { args: DeviceCommand; result: CommandReceipt };
  'settings.get': { args: Record<string, never>; result: { values: JsonObject } };
  'http.fetch': {
    args: { url: string } & FetchInit;
    result: { status: number; headers: { [name: string]: string }; body: string };
  };
  'log.write': { args: { level: LogLevel; message: string; fields?: LogFields }; result: null };
}

export type HostMethod = keyof HostMethods;
export type HostMethodArgs<M extends HostMethod> = HostMethods[M]['args'];
export type HostMethodResult<M extends HostMethod> = HostMethods[M]['result'];

export const HOST_METHODS: ReadonlyArray<HostMethod> = [
  'collections.get',
  'collections.find',
  'collections.count',
  'collections.insert',
  'collections.update',
  'collections.replace',
  'collections.delete',
  'collections.transaction',
  'people.get',
  'people.list',
  'people.guardiansOf',
  'org.get',
  'org.list',
  'messages.send',
  'iot.listDevices',
  'iot.sendCommand',
  'settings.get',
  'http.fetch',
  'log.write',
];

/** An error as it crosses the boundary (both directions). */
export interface WireError {
  readonly status: number;
  readonly code: string;
  readonly message: LocalizedText;
  readonly details?: JsonValue;
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: WireError };
export type HostCallOutcome = Outcome<JsonValue>;

/** The untyped function the host hands to `dispatch`. It must resolve, never reject. */
export type WireHostCall = (method: string, args: JsonValue) => Promise<HostCallOutcome>;

/** Host-supplied facts about the invocation. The host fills them; the guest only reads them. */
export interface InvocationContext {
  readonly app: { readonly id: string; readonly version: string; readonly installationId: string };
  readonly school: { readonly name: string };
  readonly user: CurrentUser | null;
  readonly locale: Locale;
  readonly requestId: string;
  readonly approvedScopes: ReadonlyArray<string>;
}

export interface RouteRequestWire {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: { readonly [name: string]: string };
  readonly query: { readonly [name: string]: string };
  /** Lower-case names; the host strips cookies and authorization before passing them. */
  readonly headers: { readonly [name: string]: string };
  readonly body: JsonValue | null;
}

export type Invocation =
  | {
      readonly kind: 'route';
      /** The manifest route, `'GET /notices/:id'`. */
      readonly route: string;
      readonly request: RouteRequestWire;
      readonly context: InvocationContext;
    }
  | {
      readonly kind: 'event';
      readonly type: string;
      readonly events: ReadonlyArray<AppEvent>;
      readonly context: InvocationContext;
    }
  | {
      readonly kind: 'job';
      readonly job: string;
      readonly scheduledAt: string;
      readonly context: InvocationContext;
    }
  | {
      readonly kind: 'hook';
      readonly hook: LifecycleHook;
      /** For `upgrade`: the version installed before. */
      readonly fromVersion?: string;
      readonly context: InvocationContext;
    };

export interface RouteResponseWire {
  readonly status: number;
  readonly headers: { readonly [name: string]: string };
  readonly body:
    | { readonly type: 'json'; readonly value: JsonValue }
    | { readonly type: 'text'; readonly value: string; readonly contentType: string }
    | { readonly type: 'empty' };
}

/** Routes resolve to a `RouteResponseWire`; events, jobs and hooks to `null`. */
export type InvocationOutcome = Outcome<RouteResponseWire | null>;

/** The default export of a server bundle. */
export interface AppModule {
  readonly kind: 'campusbase.app';
  readonly sdkApiVersion: string;
  describe(): AppDescription;
  dispatch(invocation: Invocation, hostCall: WireHostCall): Promise<InvocationOutcome>;
}

/** Limits both hosts enforce identically. */
export const HOST_LIMITS = {
  maxDocumentBytes: 256 * 1024,
  defaultPageSize: 50,
  maxPageSize: 500,
  maxTransactionOperations: 100,
  maxFilterDepth: 4,
  maxHttpResponseBytes: 5 * 1024 * 1024,
  defaultHttpTimeoutMs: 10_000,
  maxHttpTimeoutMs: 30_000,
  maxRouteBodyBytes: 1024 * 1024,
  maxLogMessageLength: 4000,
} as const;
