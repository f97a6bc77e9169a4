import type { Device } from '../capabilities/iot.ts';
import type { Guardian, GuardianRelation, OrgUnit, Person } from '../capabilities/directory.ts';
import type { Audience, OutgoingMessage } from '../capabilities/messages.ts';
import type { LogFields, LogLevel } from '../capabilities/misc.ts';
import { toWireError } from '../app/wire-errors.ts';
import { LimitError, NotFoundError, UnavailableError } from '../errors/index.ts';
import {
  HOST_LIMITS,
  type HostCallOutcome,
  type HostMethod,
  type HostMethodArgs,
  type HostMethodResult,
} from '../host-protocol.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { parseHostCallArgs } from '../protocol/args.ts';
import { requiredScopesFor, type ScopeGrant } from '../protocol/grant.ts';
import type { MemoryStore } from './memory-store.ts';

export interface FakeFetchRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: { readonly [name: string]: string };
  readonly body: string | null;
}
export interface FakeFetchResponse {
  readonly status: number;
  readonly headers?: { readonly [name: string]: string };
  readonly body: string;
}
export type FakeFetch = (request: FakeFetchRequest) => Promise<FakeFetchResponse> | FakeFetchResponse;

/** One guardian link of the fake school; the guardian must be one of the fake host's `people`. */
export interface FakeGuardianship {
  readonly studentId: string;
  readonly guardianId: string;
  /** Default `guardian`. */
  readonly relation?: GuardianRelation;
}

export interface FakeDirectory {
  readonly people: ReadonlyArray<Person>;
  readonly orgUnits: ReadonlyArray<OrgUnit>;
  readonly devices: ReadonlyArray<Device>;
  readonly guardianships: ReadonlyArray<FakeGuardianship>;
}

const relationOrder: ReadonlyArray<GuardianRelation> = [
  'mother',
  'father',
  'grandparent',
  'guardian',
  'other',
];

/** The real directory's answer: the student must be one of the school's students; guardians in a stable order. */
function guardiansOf(directory: FakeDirectory, studentId: string): Guardian[] {
  const student = directory.people.find((person) => person.id === studentId && person.kind === 'student');
  if (!student) {
    throw new NotFoundError(
      { zh: `本校没有学生 ${studentId}`, en: `The school has no student ${studentId}` },
      { studentId },
      'student_not_found',
    );
  }
  const guardians: Guardian[] = [];
  for (const link of directory.guardianships) {
    if (link.studentId !== studentId) continue;
    const person = directory.people.find((candidate) => candidate.id === link.guardianId);
    if (!person) continue;
    const relation = link.relation ?? 'guardian';
    guardians.push({ id: person.id, name: person.name, relation, hasPhone: Boolean(person.contact?.phone) });
  }
  return guardians.sort(
    (a, b) =>
      relationOrder.indexOf(a.relation) - relationOrder.indexOf(b.relation) ||
      (a.name === b.name ? 0 : a.name < b.name ? -1 : 1) ||
      (a.id < b.id ? -1 : 1),
  );
}

/** What the fake host recorded, for assertions in tests. */
export interface FakeRecords {
  readonly audit: Array<{ method: string; allowed: boolean; code: string | null }>;
  readonly messages: Array<{ audience: Audience; message: OutgoingMessage; recipientCount: number }>;
  readonly commands: Array<{ commandId: string; deviceId: string; command: string; params: JsonObject }>;
  readonly fetches: FakeFetchRequest[];
  readonly logs: Array<{ level: LogLevel; message: string; fields: LogFields }>;
}

export interface FakeCapabilityState {
  readonly store: MemoryStore;
  readonly directory: FakeDirectory;
  readonly grant: () => ScopeGrant;
  readonly settings: () => JsonObject;
  readonly fetch: FakeFetch | undefined;
  readonly records: FakeRecords;
}

function withoutContact(person: Person, include: ReadonlyArray<'contact'> | undefined): Person {
  if (include?.includes('contact'))
    return { ...person, contact: person.contact ?? { phone: null, email: null } };
  const { contact: _omitted, ...rest } = person;
  return rest;
}

function unitsBelow(units: ReadonlyArray<OrgUnit>, rootId: string): Set<string> {
  const ids = new Set([rootId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId && ids.has(unit.parentId) && !ids.has(unit.id)) {
        ids.add(unit.id);
        grew = true;
      }
    }
  }
  return ids;
}

type Implementations = {
  [M in HostMethod]: (args: HostMethodArgs<M>) => Promise<HostMethodResult<M>> | HostMethodResult<M>;
};

function implementations(state: FakeCapabilityState): Implementations {
  const { store, directory, records } = state;
  const peopleIn = (orgUnitId: string, descendants: boolean | undefined) => {
    const units = descendants ? unitsBelow(directory.orgUnits, orgUnitId) : new Set([orgUnitId]);
    return directory.people.filter((person) => person.orgUnitIds.some((id) => units.has(id)));
  };
  const page = <T>(items: ReadonlyArray<T>, limit: number = HOST_LIMITS.defaultPageSize, cursor?: string) => {
    const offset = cursor === undefined ? 0 : Number(cursor);
    const slice = items.slice(offset, offset + limit);
    return {
      items: slice,
      nextCursor: offset + slice.length < items.length ? String(offset + slice.length) : null,
    };
  };
  return {
    'collections.get': (args) => store.get(args),
    'collections.find': (args) => store.find(args),
    'collections.count': (args) => store.count(args),
    'collections.insert': (args) => {
      const result = store.write({ op: 'insert', ...args });
      return 'document' in result ? result.document : Promise.reject(new Error('unreachable'));
    },
    'collections.update': (args) => {
      const result = store.write({ op: 'update', ...args });
      return 'document' in result ? result.document : Promise.reject(new Error('unreachable'));
    },
    'collections.replace': (args) => {
      const result = store.write({ op: 'replace', ...args });
      return 'document' in result ? result.document : Promise.reject(new Error('unreachable'));
    },
    'collections.delete': (args) => {
      const result = store.write({ op: 'delete', ...args });
      return { deleted: 'deleted' in result && result.deleted };
    },
    'collections.transaction': (args) => ({ results: store.transaction(args.operations) }),
    'people.get': (args) => {
      const person = directory.people.find((candidate) => candidate.id === args.id);
      return person ? withoutContact(person, args.include) : null;
    },
    'people.list': (args) => {
      let people = args.orgUnitId ? peopleIn(args.orgUnitId, args.includeDescendants) : [...directory.people];
      if (args.kind) people = people.filter((person) => person.kind === args.kind);
      if (args.search) people = people.filter((person) => person.name.includes(args.search!));
      return page(
        people.map((person) => withoutContact(person, args.include)),
        args.limit,
        args.cursor,
      );
    },
    'people.guardiansOf': (args) => ({ items: guardiansOf(directory, args.studentId) }),
    'org.get': (args) => directory.orgUnits.find((unit) => unit.id === args.id) ?? null,
    'org.list': (args) => ({
      items: directory.orgUnits.filter(
        (unit) =>
          (args.parentId === undefined || unit.parentId === args.parentId) &&
          (args.kind === undefined || unit.kind === args.kind),
      ),
    }),
    'messages.send': ({ audience, message }) => {
      const recipients =
        audience.type === 'people'
          ? directory.people.filter((person) => audience.personIds.includes(person.id))
          : peopleIn(audience.orgUnitId, audience.includeDescendants).filter(
              (person) => !audience.kinds || audience.kinds.includes(person.kind),
            );
      records.messages.push({ audience, message, recipientCount: recipients.length });
      return { messageId: crypto.randomUUID(), recipientCount: recipients.length };
    },
    'iot.listDevices': (args) => ({ items: directory.devices.filter((device) => device.type === args.type) }),
    'iot.sendCommand': (args) => {
      const commandId = crypto.randomUUID();
      records.commands.push({
        commandId,
        deviceId: args.deviceId,
        command: args.command,
        params: args.params ?? {},
      });
      return { commandId, status: 'queued' };
    },
    'settings.get': () => ({ values: state.settings() }),
    'http.fetch': async (args) => {
      const request = {
        url: args.url,
        method: args.method ?? 'GET',
        headers: args.headers ?? {},
        body: args.body ?? null,
      };
      records.fetches.push(request);
      if (!state.fetch) {
        throw new UnavailableError(
          { zh: '测试未提供 fetch 模拟，外部请求失败', en: 'The test gave the fake host no fetch handler' },
          { url: args.url },
          'fetch_failed',
        );
      }
      const response = await state.fetch(request);
      if (new TextEncoder().encode(response.body).length > HOST_LIMITS.maxHttpResponseBytes) {
        throw new LimitError(
          { zh: '外部网站的响应超过 5 MB 上限', en: 'The response from the outside website exceeds 5 MB' },
          { status: 413, code: 'fetch_response_too_large', details: { url: args.url } },
        );
      }
      return { status: response.status, headers: response.headers ?? {}, body: response.body };
    },
    'log.write': (args) => {
      records.logs.push({ level: args.level, message: args.message, fields: args.fields ?? {} });
      return null;
    },
  };
}

/**
 * The fake host's `hostCall`: the same order of checks as the real host (arguments, device lookup,
 * scopes, then the capability), and every call is audited, allowed or not.
 */
export function createFakeHostCall(
  state: FakeCapabilityState,
): (method: string, args: JsonValue) => Promise<HostCallOutcome> {
  const impl = implementations(state);
  return async (method, rawArgs) => {
    let audited = false;
    try {
      // A JSON round trip each way, as across the isolate boundary: no object is shared.
      const args = parseHostCallArgs(method as HostMethod, JSON.parse(JSON.stringify(rawArgs ?? null)));
      let deviceType: string | undefined;
      if (method === 'iot.sendCommand') {
        const { deviceId } = args as HostMethodArgs<'iot.sendCommand'>;
        const device = state.directory.devices.find((candidate) => candidate.id === deviceId);
        if (!device) {
          throw new NotFoundError(
            { zh: `本校没有设备 ${deviceId}`, en: `The school has no device ${deviceId}` },
            { deviceId },
            'device_not_found',
          );
        }
        deviceType = device.type;
      }
      const facts = deviceType === undefined ? {} : { deviceType };
      state.grant().require(requiredScopesFor(method as HostMethod, args, facts), method);
      state.records.audit.push({ method, allowed: true, code: null });
      audited = true;
      const run = impl[method as HostMethod] as (input: typeof args) => Promise<JsonValue> | JsonValue;
      return { ok: true, value: JSON.parse(JSON.stringify(await run(args))) as JsonValue };
    } catch (error) {
      const wire = toWireError(error);
      if (!audited) state.records.audit.push({ method, allowed: false, code: wire.code });
      return { ok: false, error: wire };
    }
  };
}
