import type { JsonObject } from '../json.ts';

/**
 * The types of `campusbase.app.json`. They are checked against the published JSON Schema
 * (`schema.ts` is typed so that its `properties` and `required` must match these interfaces key for
 * key, and the validator's tests run typed fixtures through the schema).
 */

/** Text a person reads, zh-CN first with an English text beside it. */
export interface AppText {
  readonly zh: string;
  readonly en: string;
}

/** A JSON Schema (draft 2020-12) object, kept opaque here; ajv checks that it compiles. */
export type JsonSchemaObject = JsonObject;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: a logged-in member of the school, a school admin, or anyone (webhooks). */
export type RouteAuth = 'user' | 'admin' | 'none';

export interface RouteDeclaration {
  readonly method: HttpMethod;
  /** Starts with `/`; `:name` segments are path parameters. Served at `/apps/{installationId}/api{path}`. */
  readonly path: string;
  /** Default `user`. */
  readonly auth?: RouteAuth;
  readonly description?: AppText;
}

export interface CollectionIndex {
  /** Lower-case identifier, unique within the collection. */
  readonly name: string;
  /** Top-level document fields; prefix `-` for descending order. */
  readonly fields: ReadonlyArray<string>;
  readonly unique?: boolean;
}

export interface CollectionDeclaration {
  /** Each document is validated against this schema (`type: "object"`) on every write. */
  readonly schema: JsonSchemaObject;
  readonly indexes?: ReadonlyArray<CollectionIndex>;
  readonly description?: AppText;
}

export interface SettingsDeclaration {
  /** A JSON Schema of `type: "object"`; the portal renders it as a form for the school admin. */
  readonly schema: JsonSchemaObject;
  /** An optional JSON Forms UI schema for the layout of that form. */
  readonly uischema?: JsonObject;
}

export type MenuAudience = 'user' | 'admin';

export interface MenuEntry {
  readonly title: AppText;
  /** An icon name from the portal's icon set, e.g. `notice`, `calendar`, `chart`. */
  readonly icon?: string;
  /** Lower comes first; default 100. */
  readonly order?: number;
  /** `user`: the workbench; `admin`: the school admin console. Default `user`. */
  readonly audience?: MenuAudience;
}

export interface UiPage {
  /** Lower-case identifier, used in navigation (`bridge.navigate({ page })`). */
  readonly id: string;
  /** An HTML file under `ui.root`. */
  readonly entry: string;
  readonly title: AppText;
  readonly menu?: MenuEntry;
}

export interface UiDeclaration {
  /** The folder of static assets, relative to the app root. Default `ui`. */
  readonly root?: string;
  readonly pages: ReadonlyArray<UiPage>;
}

export interface ServerDeclaration {
  /** The TypeScript or JavaScript entry that default-exports `defineApp({...})`. */
  readonly entry: string;
}

export interface EventSubscription {
  /**
   * `iot:<deviceEventType>` (needs `iot:events:<deviceEventType>`), `org.changed` (needs `org:read`),
   * `people.changed` (needs `people:read:basic`) or `settings.changed`.
   */
  readonly type: string;
  /** Most events per delivery; default 100, at most 1000. */
  readonly batchSize?: number;
}

export interface JobDeclaration {
  /** Lower-case identifier. */
  readonly name: string;
  /** Five-field cron expression (minute hour day-of-month month day-of-week). */
  readonly cron: string;
  /** IANA time zone; default `Asia/Shanghai`. */
  readonly timezone?: string;
  readonly description?: AppText;
}

export type LifecycleHook = 'install' | 'upgrade' | 'uninstall';

export interface AppManifest {
  readonly $schema?: string;
  /** Reverse domain name, lower case: `com.example.notice-board`. */
  readonly id: string;
  /** Semantic version of this app release. */
  readonly version: string;
  readonly engines: { readonly campusbase: string };
  readonly name: AppText;
  readonly description: AppText;
  /** The scopes the app asks for; see `SCOPE_CATALOGUE`. */
  readonly permissions?: ReadonlyArray<string>;
  readonly server?: ServerDeclaration;
  readonly collections?: { readonly [name: string]: CollectionDeclaration };
  readonly settings?: SettingsDeclaration;
  readonly routes?: ReadonlyArray<RouteDeclaration>;
  readonly ui?: UiDeclaration;
  readonly events?: ReadonlyArray<EventSubscription>;
  readonly jobs?: ReadonlyArray<JobDeclaration>;
  /** The lifecycle hooks the server code implements; the host calls only these. */
  readonly hooks?: ReadonlyArray<LifecycleHook>;
}
