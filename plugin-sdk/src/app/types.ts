import type { Locale } from '../errors/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import type { CollectionTypes, Collections } from '../capabilities/collections.ts';
import type { Org, People, PersonKind } from '../capabilities/directory.ts';
import type { Iot } from '../capabilities/iot.ts';
import type { Messages } from '../capabilities/messages.ts';
import type { Http, Log, Settings } from '../capabilities/misc.ts';
import type { HttpMethod, LifecycleHook } from '../manifest/types.ts';
import type { AppResponse } from './response.ts';

/** What an app tells the SDK about its own data, for typed collections and settings. */
export interface AppTypes {
  readonly settings?: JsonObject;
  readonly collections?: CollectionTypes;
}

type SettingsOf<T extends AppTypes> = T['settings'] extends JsonObject ? T['settings'] : JsonObject;
type CollectionsOf<T extends AppTypes> = T['collections'] extends CollectionTypes
  ? T['collections']
  : CollectionTypes;

export interface CurrentUser {
  readonly id: string;
  readonly name: string;
  readonly kind: PersonKind;
  /** A school admin of this school. */
  readonly isAdmin: boolean;
}

/**
 * Everything a handler receives. Each capability is bound by the host to this school and this
 * installation; the app cannot name another. Each call is checked against the approved scopes.
 */
export interface AppContext<T extends AppTypes = AppTypes> {
  readonly app: { readonly id: string; readonly version: string; readonly installationId: string };
  readonly school: { readonly name: string };
  /** The signed-in user for `user`/`admin` routes; `null` for events, jobs, hooks and `auth: none`. */
  readonly user: CurrentUser | null;
  readonly locale: Locale;
  readonly requestId: string;
  /** Whether the school admin approved a scope (the host checks every call anyway). */
  hasScope(scope: string): boolean;
  readonly collections: Collections<CollectionsOf<T>>;
  readonly people: People;
  readonly org: Org;
  readonly messages: Messages;
  readonly iot: Iot;
  readonly settings: Settings<SettingsOf<T>>;
  readonly http: Http;
  readonly log: Log;
}

export interface RouteRequest {
  readonly method: HttpMethod;
  /** The path below `/apps/{installationId}/api`. */
  readonly path: string;
  readonly params: { readonly [name: string]: string };
  readonly query: { readonly [name: string]: string };
  readonly headers: { readonly [name: string]: string };
  /** The parsed JSON body, or `null`. */
  readonly body: JsonValue | null;
  /** A path parameter; throws an InputError when the route has none of that name. */
  param(name: string): string;
}

export type RouteResult = JsonValue | AppResponse | undefined;
export type RouteKey = `${HttpMethod} /${string}`;
export type RouteHandler<T extends AppTypes = AppTypes> = (
  request: RouteRequest,
  context: AppContext<T>,
) => Promise<RouteResult> | RouteResult;

export interface AppEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  /** The reporting device, for `iot:` events. */
  readonly deviceId: string | null;
  readonly data: JsonObject;
}

export type EventHandler<T extends AppTypes = AppTypes> = (
  events: ReadonlyArray<AppEvent>,
  context: AppContext<T>,
) => Promise<void> | void;

export interface JobRun {
  readonly name: string;
  readonly scheduledAt: string;
}

export type JobHandler<T extends AppTypes = AppTypes> = (
  run: JobRun,
  context: AppContext<T>,
) => Promise<void> | void;

export interface LifecycleHooks<T extends AppTypes = AppTypes> {
  install?(context: AppContext<T>): Promise<void> | void;
  upgrade?(info: { readonly fromVersion: string }, context: AppContext<T>): Promise<void> | void;
  uninstall?(context: AppContext<T>): Promise<void> | void;
}

/** The argument of `defineApp`. Each key must match a declaration in `campusbase.app.json`. */
export interface AppDefinition<T extends AppTypes = AppTypes> {
  /** Keyed `'GET /notices/:id'`, the manifest route's method and path. */
  readonly routes?: { readonly [key: RouteKey]: RouteHandler<T> };
  /** Keyed by the manifest event type, e.g. `'iot:gate.swipe'`. */
  readonly events?: { readonly [type: string]: EventHandler<T> };
  /** Keyed by the manifest job name. */
  readonly jobs?: { readonly [name: string]: JobHandler<T> };
  readonly hooks?: LifecycleHooks<T>;
}

/** The handlers an app module implements, compared with the manifest by the host at load time. */
export interface AppDescription {
  readonly sdkApiVersion: string;
  readonly routes: ReadonlyArray<string>;
  readonly events: ReadonlyArray<string>;
  readonly jobs: ReadonlyArray<string>;
  readonly hooks: ReadonlyArray<LifecycleHook>;
}
