import type { JsonObject } from '../json.ts';
import type {
  AppManifest,
  AppText,
  CollectionDeclaration,
  CollectionIndex,
  EventSubscription,
  JobDeclaration,
  MenuEntry,
  RouteDeclaration,
  ServerDeclaration,
  SettingsDeclaration,
  UiDeclaration,
  UiPage,
} from './types.ts';

/**
 * The JSON Schema (draft 2020-12) of `campusbase.app.json`, published as
 * `plugin-sdk/schema/manifest.schema.json` (generated from this object by
 * `plugin-sdk/scripts/generate.ts`; a test fails when the file is stale).
 *
 * Every object schema is built by `objectSchema<T>()`, whose parameter types force its properties to
 * be exactly the keys of the TypeScript interface and its `required` list to be exactly the
 * interface's required keys: the types and the schema cannot drift apart silently.
 *
 * `x-hint` carries the zh-CN/English text that `validateManifest` shows when a pattern fails.
 */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type PropertiesOf<T> = { readonly [K in keyof Required<T>]: JsonObject };
type ExactlyRequired<T, R extends ReadonlyArray<RequiredKeys<T>>> = [RequiredKeys<T>] extends [R[number]]
  ? R
  : never;

export function objectSchema<T>() {
  return <const R extends ReadonlyArray<RequiredKeys<T>>>(
    properties: PropertiesOf<T>,
    required: ExactlyRequired<T, R>,
    extra: JsonObject = {},
  ): JsonObject => ({
    type: 'object',
    additionalProperties: false,
    properties,
    required: [...(required as ReadonlyArray<string>)],
    ...extra,
  });
}

const hint = (zh: string, en: string): JsonObject => ({ 'x-hint': { zh, en } });

const identifier: JsonObject = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_-]{0,62}$',
  ...hint(
    '只能使用小写字母、数字、- 和 _，并以字母开头',
    'use lower-case letters, digits, - and _, starting with a letter',
  ),
};

const appText = objectSchema<AppText>()(
  {
    zh: { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
  },
  ['zh', 'en'],
);

const jsonSchemaObject: JsonObject = {
  type: 'object',
  required: ['type'],
  properties: { type: { const: 'object' } },
};

const collectionIndex = objectSchema<CollectionIndex>()(
  {
    name: identifier,
    fields: {
      type: 'array',
      minItems: 1,
      maxItems: 4,
      items: {
        type: 'string',
        pattern: '^-?[A-Za-z_][A-Za-z0-9_]{0,62}$',
        ...hint('填写顶层字段名，降序在前面加 -', 'name a top-level field; prefix - for descending'),
      },
    },
    unique: { type: 'boolean' },
  },
  ['name', 'fields'],
);

const collection = objectSchema<CollectionDeclaration>()(
  {
    schema: jsonSchemaObject,
    indexes: { type: 'array', maxItems: 8, items: collectionIndex },
    description: appText,
  },
  ['schema'],
);

const settings = objectSchema<SettingsDeclaration>()(
  { schema: jsonSchemaObject, uischema: { type: 'object' } },
  ['schema'],
);

const route = objectSchema<RouteDeclaration>()(
  {
    method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
    path: {
      type: 'string',
      maxLength: 200,
      pattern: '^(/([a-z0-9._~-]+|:[a-zA-Z][a-zA-Z0-9]*))+$|^/$',
      ...hint(
        '以 / 开头，每段为小写字母/数字或 :参数名，例如 /notices/:id',
        'start with /; each segment is lower-case text or :param, e.g. /notices/:id',
      ),
    },
    auth: { enum: ['user', 'admin', 'none'] },
    description: appText,
  },
  ['method', 'path'],
);

const menu = objectSchema<MenuEntry>()(
  {
    title: appText,
    icon: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,40}$' },
    order: { type: 'integer', minimum: 0, maximum: 10000 },
    audience: { enum: ['user', 'admin'] },
  },
  ['title'],
);

const page = objectSchema<UiPage>()(
  {
    id: identifier,
    entry: {
      type: 'string',
      pattern: '^(?!.*\\.\\.)(?!/)[A-Za-z0-9._/-]+\\.html$',
      ...hint(
        '填写 ui 目录下的相对路径，以 .html 结尾',
        'a relative path under the ui folder ending in .html',
      ),
    },
    title: appText,
    menu,
  },
  ['id', 'entry', 'title'],
);

const ui = objectSchema<UiDeclaration>()(
  {
    root: { type: 'string', pattern: '^(?!.*\\.\\.)(?!/)[A-Za-z0-9._/-]+$' },
    pages: { type: 'array', minItems: 1, maxItems: 50, items: page },
  },
  ['pages'],
);

const server = objectSchema<ServerDeclaration>()(
  { entry: { type: 'string', pattern: '^(?!.*\\.\\.)(?!/)[A-Za-z0-9._/-]+\\.(ts|js|mjs|mts)$' } },
  ['entry'],
);

const event = objectSchema<EventSubscription>()(
  {
    type: {
      type: 'string',
      pattern: '^(iot:[a-z0-9][a-z0-9._-]{0,63}|org\\.changed|people\\.changed|settings\\.changed)$',
      ...hint(
        '可选 iot:<设备事件类型>、org.changed、people.changed、settings.changed',
        'one of iot:<device event type>, org.changed, people.changed, settings.changed',
      ),
    },
    batchSize: { type: 'integer', minimum: 1, maximum: 1000 },
  },
  ['type'],
);

const job = objectSchema<JobDeclaration>()(
  {
    name: identifier,
    cron: {
      type: 'string',
      pattern: '^\\s*(\\S+\\s+){4}\\S+\\s*$',
      ...hint(
        '填写 5 段 cron 表达式，例如 0 7 * * 1-5',
        'write a five-field cron expression, e.g. 0 7 * * 1-5',
      ),
    },
    timezone: { type: 'string', pattern: '^[A-Za-z_]+(/[A-Za-z_+-]+)*$' },
    description: appText,
  },
  ['name', 'cron'],
);

export const manifestSchema: JsonObject = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://schemas.campusbase.cn/app-manifest/0.1.json',
  title: 'CampusBase app manifest (campusbase.app.json)',
  ...objectSchema<AppManifest>()(
    {
      $schema: { type: 'string' },
      id: {
        type: 'string',
        maxLength: 100,
        pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$',
        ...hint(
          '使用小写反向域名，例如 com.example.notice-board',
          'use a lower-case reverse domain name, e.g. com.example.notice-board',
        ),
      },
      version: {
        type: 'string',
        pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$',
        ...hint('使用语义化版本号，例如 1.2.0', 'use a semantic version such as 1.2.0'),
      },
      engines: {
        type: 'object',
        additionalProperties: false,
        required: ['campusbase'],
        properties: { campusbase: { type: 'string', minLength: 1, maxLength: 100 } },
      },
      name: appText,
      description: appText,
      permissions: {
        type: 'array',
        maxItems: 100,
        uniqueItems: true,
        items: { type: 'string', maxLength: 200 },
      },
      server,
      collections: {
        type: 'object',
        maxProperties: 50,
        propertyNames: { pattern: '^[a-z][a-z0-9_]{0,62}$' },
        additionalProperties: collection,
      },
      settings,
      routes: { type: 'array', maxItems: 200, items: route },
      ui,
      events: { type: 'array', maxItems: 50, items: event },
      jobs: { type: 'array', maxItems: 20, items: job },
      hooks: { type: 'array', uniqueItems: true, items: { enum: ['install', 'upgrade', 'uninstall'] } },
    },
    ['id', 'version', 'engines', 'name', 'description'],
  ),
};
