import semver from 'semver';
import { InputError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import { createAjv, issuesFromAjv } from './ajv.ts';
import { routeShadows } from './routes.ts';
import { formatIssues, issue, type ManifestIssue, pointerOf } from './issues.ts';
import { manifestSchema } from './schema.ts';
import { parseScope } from './scopes.ts';
import type { AppManifest } from './types.ts';

export type ManifestValidation =
  | { readonly ok: true; readonly manifest: AppManifest; readonly issues: readonly [] }
  | { readonly ok: false; readonly issues: ReadonlyArray<ManifestIssue> };

export interface ValidateOptions {
  /** When given, `engines.campusbase` must accept this platform version. */
  readonly platformVersion?: string;
}

const ajv = createAjv();
const validateShape = ajv.compile(manifestSchema);

const eventScopes: Readonly<Record<string, string>> = {
  'org.changed': 'org:read',
  'people.changed': 'people:read:basic',
};

function duplicates<T>(items: ReadonlyArray<T>, key: (item: T) => string): number[] {
  const seen = new Set<string>();
  return items.flatMap((item, index) => {
    const k = key(item);
    if (seen.has(k)) return [index];
    seen.add(k);
    return [];
  });
}

function checkSchemaCompiles(schema: JsonObject, pointer: string, issues: ManifestIssue[]): void {
  try {
    ajv.compile(schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.push(
      issue(pointer, `JSON Schema 无法编译：${reason}`, `the JSON Schema does not compile: ${reason}`),
    );
  }
}

function checkSemantics(manifest: AppManifest, options: ValidateOptions): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const range = manifest.engines.campusbase;
  if (semver.validRange(range) === null) {
    issues.push(
      issue(
        '/engines/campusbase',
        '不是有效的版本范围，例如 ^0.1.0',
        'is not a valid semver range such as ^0.1.0',
      ),
    );
  } else if (options.platformVersion && !semver.satisfies(options.platformVersion, range)) {
    issues.push(
      issue(
        '/engines/campusbase',
        `当前平台版本 ${options.platformVersion} 不在 ${range} 范围内`,
        `the platform version ${options.platformVersion} is outside ${range}`,
      ),
    );
  }
  const permissions = manifest.permissions ?? [];
  const collections = manifest.collections ?? {};
  permissions.forEach((scope, index) => {
    const parsed = parseScope(scope);
    if (!parsed) {
      issues.push(
        issue(
          pointerOf('permissions', index),
          `未知或格式错误的权限：${scope}`,
          `unknown or malformed scope: ${scope}`,
        ),
      );
    } else if (parsed.template.parameter === 'collection' && !(parsed.parameter! in collections)) {
      issues.push(
        issue(
          pointerOf('permissions', index),
          '该数据集合未在 collections 中声明',
          'this collection is not declared under collections',
        ),
      );
    }
  });
  for (const [name, declaration] of Object.entries(collections)) {
    checkSchemaCompiles(declaration.schema, pointerOf('collections', name, 'schema'), issues);
    const indexes = declaration.indexes ?? [];
    for (const at of duplicates(indexes, (index) => index.name)) {
      issues.push(
        issue(pointerOf('collections', name, 'indexes', at, 'name'), '索引名称重复', 'duplicate index name'),
      );
    }
    const properties = declaration.schema['properties'];
    const known = typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
    indexes.forEach((index, at) => {
      index.fields.forEach((field, position) => {
        const fieldName = field.replace(/^-/, '');
        if (known.includes(fieldName)) return;
        issues.push(
          issue(
            pointerOf('collections', name, 'indexes', at, 'fields', position),
            `字段 ${fieldName} 不在集合的 schema.properties 中`,
            `the field ${fieldName} is not in the collection's schema.properties`,
          ),
        );
      });
    });
  }
  if (manifest.settings) checkSchemaCompiles(manifest.settings.schema, '/settings/schema', issues);
  const routes = manifest.routes ?? [];
  for (const at of duplicates(routes, (route) => `${route.method} ${route.path.replace(/:[^/]+/g, ':')}`)) {
    issues.push(
      issue(
        pointerOf('routes', at),
        '与前面的接口方法和路径重复',
        'duplicates an earlier route method and path',
      ),
    );
  }
  routes.forEach((route, at) => {
    const shadow = routes.findIndex(
      (earlier, before) =>
        before < at &&
        routeShadows(earlier, route) &&
        earlier.path.replace(/:[^/]+/g, ':') !== route.path.replace(/:[^/]+/g, ':'),
    );
    if (shadow >= 0) {
      issues.push(
        issue(
          pointerOf('routes', at, 'path'),
          `永远不会被调用：前面的 routes[${shadow}]（${routes[shadow]!.path}）已匹配它的所有路径，请把更具体的路由写在前面`,
          `is never reached: the earlier routes[${shadow}] (${routes[shadow]!.path}) matches every path it does; declare the more specific route first`,
        ),
      );
    }
    const params = route.path.split('/').filter((part) => part.startsWith(':'));
    if (new Set(params).size !== params.length) {
      issues.push(
        issue(pointerOf('routes', at, 'path'), '路径参数名重复', 'a path parameter name is repeated'),
      );
    }
  });
  for (const at of duplicates(manifest.ui?.pages ?? [], (page) => page.id)) {
    issues.push(issue(pointerOf('ui', 'pages', at, 'id'), '页面 id 重复', 'duplicate page id'));
  }
  const events = manifest.events ?? [];
  for (const at of duplicates(events, (event) => event.type)) {
    issues.push(issue(pointerOf('events', at, 'type'), '重复订阅同一事件', 'the event is subscribed twice'));
  }
  events.forEach((event, at) => {
    const needed = event.type.startsWith('iot:')
      ? `iot:events:${event.type.slice(4)}`
      : eventScopes[event.type];
    if (needed && !permissions.includes(needed)) {
      issues.push(
        issue(
          pointerOf('events', at, 'type'),
          `订阅该事件需要在 permissions 中声明 ${needed}`,
          `this event needs ${needed} under permissions`,
        ),
      );
    }
  });
  for (const at of duplicates(manifest.jobs ?? [], (job) => job.name)) {
    issues.push(issue(pointerOf('jobs', at, 'name'), '定时任务名称重复', 'duplicate job name'));
  }
  const needsServer: Array<[string, number]> = [
    ['routes', routes.length],
    ['events', events.length],
    ['jobs', manifest.jobs?.length ?? 0],
    ['hooks', manifest.hooks?.length ?? 0],
  ];
  for (const [key, count] of needsServer) {
    if (count > 0 && !manifest.server) {
      issues.push(
        issue('/server', `声明了 ${key} 就需要 server.entry`, `declaring ${key} needs server.entry`),
      );
      break;
    }
  }
  return issues;
}

/**
 * Checks a parsed `campusbase.app.json`. Every issue names its JSON path and the reason in zh-CN
 * and English.
 *
 * @example
 * const result = validateManifest(JSON.parse(text));
 * if (!result.ok) console.error(formatIssues(result.issues));
 * // $.routes[0].path: 以 / 开头，每段为小写字母/数字或 :参数名，例如 /notices/:id
 */
export function validateManifest(input: unknown, options: ValidateOptions = {}): ManifestValidation {
  if (!validateShape(input)) return { ok: false, issues: issuesFromAjv(validateShape.errors) };
  const manifest = input as unknown as AppManifest;
  const issues = checkSemantics(manifest, options);
  return issues.length === 0 ? { ok: true, manifest, issues: [] } : { ok: false, issues };
}

/** Like `validateManifest`, but throws an `InputError` whose details list every issue. */
export function parseManifest(input: unknown, options: ValidateOptions = {}): AppManifest {
  const result = validateManifest(input, options);
  if (result.ok) return result.manifest;
  throw new InputError(
    {
      zh: `应用清单 campusbase.app.json 有误：\n${formatIssues(result.issues)}`,
      en: `campusbase.app.json is invalid:\n${formatIssues(result.issues, 'en')}`,
    },
    { issues: result.issues },
    'invalid_manifest',
  );
}
