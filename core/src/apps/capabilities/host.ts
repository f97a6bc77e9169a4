import { InputError, isDomainError, UnavailableError } from '@campusbase/plugin-sdk/errors';
import { createScopeGrant, type HostMethod, requiredScopesFor } from '@campusbase/plugin-sdk/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import type { CallBinding } from '../binding.ts';
import { AppDocuments, type Operation, type SortKey } from '../store/documents.ts';
import type { RuntimePorts } from '../ports.ts';
import type { QuotaCounter, QuotaRules } from '../quotas.ts';
import { checkHostCall } from './args.ts';
import { appFetch, type FetchArgs } from './http-fetch.ts';

type Args = Record<string, unknown>;

/** Calls on the app's own data, settings and logs: counted, not written to the audit log one by one. */
const quiet = new Set<HostMethod>([
  'collections.get',
  'collections.find',
  'collections.count',
  'settings.get',
  'log.write',
]);

export interface CapabilityHostOptions {
  db: Kysely<Database>;
  ports: RuntimePorts;
  quotas: QuotaCounter;
  logger: Logger;
  /** Tests serve https fixtures on loopback; production never reaches private addresses. */
  allowPrivateNetwork?: boolean;
}

/**
 * The host side of every capability call: checks the arguments (untrusted), the scopes the school
 * admin approved, and the app's quotas; then runs the call bound to the installation's tenant and
 * id from the host's own binding; and records it in the audit log.
 */
export class CapabilityHost {
  readonly #options: CapabilityHostOptions;

  constructor(options: CapabilityHostOptions) {
    this.#options = options;
  }

  async handle(binding: CallBinding, rawMethod: string, rawArgs: unknown): Promise<unknown> {
    const installation = binding.installation;
    let method = rawMethod as HostMethod;
    try {
      const args = checkHostCall(rawMethod, rawArgs);
      method = args.method;
      const deviceType =
        method === 'iot.sendCommand'
          ? await this.#deviceType(binding, String(args.args.deviceId))
          : undefined;
      const grant = createScopeGrant({
        manifest: installation.manifest,
        approvedScopes: installation.approvedScopes,
      });
      grant.require(requiredScopesFor(method, args.args as never, deviceType ? { deviceType } : {}), method);
      this.#options.quotas.take(installation.installationId, 'calls');
      if (method in { 'http.fetch': 1, 'messages.send': 1, 'iot.sendCommand': 1 }) {
        this.#options.quotas.take(installation.installationId, method as keyof QuotaRules);
      }
      const value = await this.#run(binding, method, args.args);
      if (!quiet.has(method)) await this.#audit(binding, method, 'success', summary(method, args.args));
      return value;
    } catch (error) {
      const denied =
        isDomainError(error) &&
        (error.status === 403 ||
          error.status === 429 ||
          error.code === 'invalid_host_call' ||
          error.code === 'unknown_host_method');
      if (denied || !quiet.has(method)) {
        await this.#audit(binding, method, denied ? 'denied' : 'failure', {
          code: isDomainError(error) ? error.code : 'host_error',
          ...(isDomainError(error) && error.details && !Array.isArray(error.details)
            ? { reason: error.details }
            : {}),
        });
      }
      throw error;
    }
  }

  async #audit(
    binding: CallBinding,
    method: string,
    result: 'success' | 'failure' | 'denied',
    details: Args,
  ) {
    const installation = binding.installation;
    await this.#options.ports.audit
      .record({
        tenantId: installation.tenantId,
        actorPersonId: binding.personId,
        action: `app.capability.${method}`,
        targetType: 'app_installation',
        targetId: installation.installationId,
        result,
        details: {
          appId: installation.appId,
          trigger: binding.trigger,
          requestId: binding.requestId,
          ...details,
        },
      })
      .catch((error) => this.#options.logger.error({ err: error }, 'app audit entry failed'));
  }

  async #deviceType(binding: CallBinding, deviceId: string): Promise<string> {
    const iot = this.#port('iot');
    const type = await iot.deviceType(binding.installation.tenantId, deviceId);
    if (!type)
      throw new InputError({ zh: `本校没有设备 ${deviceId}`, en: `No device ${deviceId} in this school` });
    return type;
  }

  #port<K extends 'directory' | 'messages' | 'iot'>(name: K): NonNullable<RuntimePorts[K]> {
    const port = this.#options.ports[name];
    if (!port) {
      throw new UnavailableError(
        { zh: '平台暂未提供此能力', en: `The ${name} capability is not available on this platform yet` },
        undefined,
        'capability_unavailable',
      );
    }
    return port as NonNullable<RuntimePorts[K]>;
  }

  async #run(binding: CallBinding, method: HostMethod, args: Args): Promise<unknown> {
    const installation = binding.installation;
    const tenantId = installation.tenantId;
    const documents = new AppDocuments(this.#options.db, installation);
    const collection = String(args.collection ?? '');
    const expected = typeof args.expectedVersion === 'number' ? args.expectedVersion : undefined;
    switch (method) {
      case 'collections.get':
        return documents.run((trx) => documents.get(trx, collection, String(args.id)));
      case 'collections.find':
        return documents.run((trx) =>
          documents.find(trx, collection, {
            filter: args.filter,
            sort: args.sort as SortKey[] | undefined,
            limit: args.limit as number | undefined,
            cursor: args.cursor as string | undefined,
          }),
        );
      case 'collections.count':
        return { count: await documents.run((trx) => documents.count(trx, collection, args.filter)) };
      case 'collections.insert':
        return documents.run((trx) => documents.insert(trx, collection, args.data));
      case 'collections.update':
        return documents.run((trx) =>
          documents.write(trx, collection, String(args.id), { patch: args.patch }, expected),
        );
      case 'collections.replace':
        return documents.run((trx) =>
          documents.write(trx, collection, String(args.id), { data: args.data }, expected),
        );
      case 'collections.delete':
        return {
          deleted: await documents.run((trx) => documents.delete(trx, collection, String(args.id), expected)),
        };
      case 'collections.transaction':
        return {
          results: await documents.run((trx) => documents.transaction(trx, args.operations as Operation[])),
        };
      case 'settings.get':
        return { values: installation.settings };
      case 'log.write': {
        const level =
          args.level === 'error' || args.level === 'warn' || args.level === 'debug' ? args.level : 'info';
        this.#options.logger[level](
          {
            tenantId,
            installationId: installation.installationId,
            appId: installation.appId,
            requestId: binding.requestId,
            fields: args.fields,
          },
          `app: ${String(args.message)}`,
        );
        return null;
      }
      case 'http.fetch':
        return appFetch(args as unknown as FetchArgs, {
          allowPrivateNetwork: this.#options.allowPrivateNetwork,
        });
      case 'people.get': {
        const include = Array.isArray(args.include) && args.include.includes('contact');
        return this.#port('directory').getPerson(tenantId, String(args.id), include);
      }
      case 'people.list':
        return this.#port('directory').listPeople(tenantId, args);
      case 'people.guardiansOf':
        return this.#port('directory').guardiansOf(tenantId, String(args.studentId));
      case 'org.get':
        return this.#port('directory').getOrgUnit(tenantId, String(args.id));
      case 'org.list':
        return this.#port('directory').listOrgUnits(tenantId, args);
      case 'messages.send':
        return this.#port('messages').send(
          tenantId,
          {
            installationId: installation.installationId,
            appId: installation.appId,
            appName: installation.manifest.name.zh,
          },
          args.audience,
          args.message,
        );
      case 'iot.listDevices':
        return this.#port('iot').listDevices(tenantId, String(args.type));
      case 'iot.sendCommand':
        return this.#port('iot').sendCommand(tenantId, args);
    }
  }
}

/** What the audit log keeps of a call: enough to trace it, none of the document contents. */
function summary(method: HostMethod, args: Args): Args {
  switch (method) {
    case 'http.fetch':
      return { url: String(args.url).slice(0, 300), method: args.method ?? 'GET' };
    case 'people.get':
    case 'org.get':
      return { id: args.id, include: args.include };
    case 'people.guardiansOf':
      return { studentId: args.studentId };
    case 'collections.insert':
    case 'collections.update':
    case 'collections.replace':
    case 'collections.delete':
      return { collection: args.collection, id: args.id };
    case 'collections.transaction':
      return { operations: Array.isArray(args.operations) ? args.operations.length : 0 };
    case 'iot.sendCommand':
      return { deviceId: args.deviceId, command: args.command };
    default:
      return {};
  }
}
