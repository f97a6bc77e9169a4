import { ForbiddenError, InputError } from '../errors/index.ts';
import type { HostMethod, HostMethodArgs } from '../host-protocol.ts';
import { describeScope } from '../manifest/scopes.ts';
import { scopeCovers } from '../manifest/scopes.ts';
import type { AppManifest } from '../manifest/types.ts';

/**
 * Scope checks shared by the real host and the fake host, so that an app that passes its tests on
 * the fake host fails in production only for reasons its tests could have seen.
 */

/** All of these must hold; each holds when any one of its scopes is granted. */
export type ScopeRequirement = ReadonlyArray<{ readonly anyOf: ReadonlyArray<string> }>;

export interface ScopeGrant {
  /** (approved ∩ declared) ∪ `collections:<name>` for every declared collection. */
  readonly scopes: ReadonlySet<string>;
  has(scope: string): boolean;
  /** Throws `ForbiddenError` (`scope_not_declared` or `scope_not_approved`) for the first unmet need. */
  require(requirement: ScopeRequirement, method: string): void;
}

export function createScopeGrant(input: {
  readonly manifest: AppManifest;
  readonly approvedScopes: ReadonlyArray<string>;
}): ScopeGrant {
  const declared = new Set(input.manifest.permissions ?? []);
  const scopes = new Set(input.approvedScopes.filter((scope) => declared.has(scope)));
  for (const name of Object.keys(input.manifest.collections ?? {})) scopes.add(`collections:${name}`);
  const covered = (list: Iterable<string>, scope: string) =>
    [...list].some((held) => scopeCovers(held, scope));
  return {
    scopes,
    has: (scope) => covered(scopes, scope),
    require(requirement, method) {
      for (const { anyOf } of requirement) {
        if (anyOf.some((scope) => covered(scopes, scope))) continue;
        const scope = anyOf[0] ?? '';
        const title = describeScope(scope)?.title ?? { zh: scope, en: scope };
        if (!anyOf.some((candidate) => covered(declared, candidate))) {
          throw new ForbiddenError(
            {
              zh: `应用未在 campusbase.app.json 中声明权限「${title.zh}」（${scope}），调用 ${method} 被拒绝。请开发商在 permissions 中声明后重新发布。`,
              en: `The app did not declare the scope "${title.en}" (${scope}) in campusbase.app.json, so ${method} was refused. The vendor must declare it under permissions and publish again.`,
            },
            { scope, method },
            'scope_not_declared',
          );
        }
        throw new ForbiddenError(
          {
            zh: `学校管理员尚未批准权限「${title.zh}」（${scope}），调用 ${method} 被拒绝。请管理员在“应用管理”中审阅并批准。`,
            en: `The school admin has not approved the scope "${title.en}" (${scope}), so ${method} was refused. An admin can review it under Apps.`,
          },
          { scope, method },
          'scope_not_approved',
        );
      }
    },
  };
}

const all = (...scopes: ReadonlyArray<string>): ScopeRequirement =>
  scopes.map((scope) => ({ anyOf: [scope] }));

/** The host name of an https URL the guest may fetch, or an InputError saying why not. */
export function fetchHostOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(
      { zh: `网址无效：${url}`, en: `The URL is not valid: ${url}` },
      { url },
      'invalid_url',
    );
  }
  if (
    parsed.protocol !== 'https:' ||
    parsed.username ||
    parsed.password ||
    (parsed.port && parsed.port !== '443')
  ) {
    throw new InputError(
      {
        zh: '应用只能通过 HTTPS 默认端口访问外部网站，且网址中不能包含用户名或密码',
        en: 'Apps may fetch only https URLs on the default port, without a user name or password',
      },
      { url },
      'invalid_url',
    );
  }
  return parsed.hostname.toLowerCase();
}

/**
 * The scopes a host call needs. `iot.sendCommand` needs the device's type, which only the host
 * knows: pass it as `facts.deviceType` after looking the device up within the school.
 */
export function requiredScopesFor<M extends HostMethod>(
  method: M,
  args: HostMethodArgs<M>,
  facts: { readonly deviceType?: string } = {},
): ScopeRequirement {
  const typed = args as HostMethodArgs<HostMethod>;
  switch (method) {
    case 'collections.transaction': {
      const { operations } = typed as HostMethodArgs<'collections.transaction'>;
      return all(...new Set(operations.map((operation) => `collections:${operation.collection}`)));
    }
    case 'people.get':
    case 'people.list': {
      const { include } = typed as HostMethodArgs<'people.list'>;
      return include?.includes('contact')
        ? all('people:read:basic', 'people:read:contact')
        : all('people:read:basic');
    }
    case 'people.guardiansOf':
      return all('people:read:guardians');
    case 'org.get':
    case 'org.list':
      return all('org:read');
    case 'messages.send':
      return all('messages:send');
    case 'iot.listDevices': {
      const { type } = typed as HostMethodArgs<'iot.listDevices'>;
      return [{ anyOf: [`iot:events:${type}`, `iot:commands:${type}`] }];
    }
    case 'iot.sendCommand':
      if (facts.deviceType === undefined) throw new TypeError('requiredScopesFor: pass facts.deviceType');
      return all(`iot:commands:${facts.deviceType}`);
    case 'http.fetch':
      return all(`http:fetch:${fetchHostOf((typed as HostMethodArgs<'http.fetch'>).url)}`);
    case 'settings.get':
    case 'log.write':
      return [];
    default:
      return all(`collections:${(typed as HostMethodArgs<'collections.get'>).collection}`);
  }
}
