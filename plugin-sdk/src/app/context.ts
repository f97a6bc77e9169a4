import type { Collection, Collections, StoredDocument } from '../capabilities/collections.ts';
import type { Http, Log, LogFields, LogLevel } from '../capabilities/misc.ts';
import type {
  HostMethod,
  HostMethodArgs,
  HostMethodResult,
  InvocationContext,
  WireHostCall,
} from '../host-protocol.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import type { AppContext } from './types.ts';
import { fromWireError } from './wire-errors.ts';

export interface GuestContext {
  readonly context: AppContext;
  /** Settles once every fire-and-forget call (logs) has been answered. */
  drain(): Promise<void>;
}

/** Builds the capabilities of one invocation on top of the host's `hostCall`. */
export function createGuestContext(facts: InvocationContext, hostCall: WireHostCall): GuestContext {
  async function call<M extends HostMethod>(
    method: M,
    args: HostMethodArgs<M>,
  ): Promise<HostMethodResult<M>> {
    const outcome = await hostCall(method, args as unknown as JsonValue);
    if (!outcome.ok) throw fromWireError(outcome.error);
    return outcome.value as unknown as HostMethodResult<M>;
  }

  const pending = new Set<Promise<unknown>>();
  const write = (level: LogLevel) => (message: string, fields?: LogFields) => {
    const promise = call('log.write', fields === undefined ? { level, message } : { level, message, fields })
      .catch(() => undefined)
      .finally(() => pending.delete(promise));
    pending.add(promise);
  };
  const log: Log = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };

  function collection(name: string): Collection {
    return {
      get: (id) => call('collections.get', { collection: name, id }),
      find: (query = {}) => call('collections.find', { collection: name, ...query }),
      count: async (filter) =>
        (
          await call(
            'collections.count',
            filter === undefined ? { collection: name } : { collection: name, filter },
          )
        ).count,
      insert: (data) => call('collections.insert', { collection: name, data }),
      update: (id, patch, options = {}) =>
        call('collections.update', { collection: name, id, patch: patch as JsonObject, ...options }),
      replace: (id, data, options = {}) =>
        call('collections.replace', { collection: name, id, data, ...options }),
      delete: async (id, options = {}) =>
        (await call('collections.delete', { collection: name, id, ...options })).deleted,
    };
  }
  const collections: Collections = {
    use: (name) => collection(name),
    transaction: async (operations) => (await call('collections.transaction', { operations })).results,
  };

  const http: Http = {
    async fetch(url, init = {}) {
      const raw = await call('http.fetch', { url, ...init });
      return {
        status: raw.status,
        ok: raw.status >= 200 && raw.status < 300,
        headers: raw.headers,
        text: () => raw.body,
        json: () => JSON.parse(raw.body) as JsonValue,
      };
    },
  };

  const approved = new Set(facts.approvedScopes);
  const context: AppContext = {
    app: facts.app,
    school: facts.school,
    user: facts.user,
    locale: facts.locale,
    requestId: facts.requestId,
    hasScope: (scope) => approved.has(scope),
    collections,
    people: {
      get: (id, options = {}) => call('people.get', { id, ...options }),
      list: (query = {}) => call('people.list', query),
      guardiansOf: async (studentId) => (await call('people.guardiansOf', { studentId })).items,
    },
    org: {
      get: (id) => call('org.get', { id }),
      list: async (query = {}) => (await call('org.list', query)).items,
    },
    messages: { send: (audience, message) => call('messages.send', { audience, message }) },
    iot: {
      listDevices: async (query) => (await call('iot.listDevices', query)).items,
      sendCommand: (command) => call('iot.sendCommand', command),
    },
    settings: { get: async () => (await call('settings.get', {})).values },
    http,
    log,
  };
  return {
    context,
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

export type { StoredDocument };
