import { InputError } from '../errors/index.ts';
import { HOST_LIMITS, HOST_METHODS, type HostMethod, type HostMethodArgs } from '../host-protocol.ts';
import type { JsonObject } from '../json.ts';
import { createAjv, issuesFromAjv } from '../manifest/ajv.ts';
import { formatIssues } from '../manifest/issues.ts';

/**
 * JSON Schemas for the arguments of every host method. The guest is untrusted, so both hosts
 * validate each call's arguments with `parseHostCallArgs` before anything else.
 */
const id = { type: 'string', minLength: 1, maxLength: 100 };
const name = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' };
const version = { type: 'integer', minimum: 1 };
const data = { type: 'object' };
const object = (properties: JsonObject, required: ReadonlyArray<string> = []): JsonObject => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required: [...required],
});

const filter: JsonObject = {
  $id: 'filter',
  type: 'object',
  maxProperties: 20,
  properties: {
    $and: { type: 'array', maxItems: 20, items: { $ref: 'filter' } },
    $or: { type: 'array', maxItems: 20, items: { $ref: 'filter' } },
  },
  patternProperties: {
    '^[A-Za-z_][A-Za-z0-9_]{0,62}$': {
      anyOf: [
        { type: ['string', 'number', 'boolean', 'null'] },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            $eq: {},
            $ne: {},
            $gt: { type: ['string', 'number'] },
            $gte: { type: ['string', 'number'] },
            $lt: { type: ['string', 'number'] },
            $lte: { type: ['string', 'number'] },
            $in: { type: 'array', maxItems: 500 },
            $nin: { type: 'array', maxItems: 500 },
            $exists: { type: 'boolean' },
            $contains: { type: ['string', 'number', 'boolean', 'null'] },
          },
        },
      ],
    },
  },
  additionalProperties: false,
};

const sort = {
  type: 'array',
  maxItems: 4,
  items: object(
    {
      field: { type: 'string', pattern: '^([A-Za-z_][A-Za-z0-9_]{0,62}|\\$createdAt|\\$updatedAt|\\$id)$' },
      order: { enum: ['asc', 'desc'] },
    },
    ['field'],
  ),
};
const page = {
  limit: { type: 'integer', minimum: 1, maximum: HOST_LIMITS.maxPageSize },
  cursor: { type: 'string', maxLength: 1000 },
};
const include = { type: 'array', items: { const: 'contact' }, maxItems: 1 };
const personKind = { enum: ['student', 'teacher', 'staff', 'guardian'] };

const operation = {
  oneOf: [
    object({ op: { const: 'insert' }, collection: name, data }, ['op', 'collection', 'data']),
    object({ op: { const: 'update' }, collection: name, id, patch: data, expectedVersion: version }, [
      'op',
      'collection',
      'id',
      'patch',
    ]),
    object({ op: { const: 'replace' }, collection: name, id, data, expectedVersion: version }, [
      'op',
      'collection',
      'id',
      'data',
    ]),
    object({ op: { const: 'delete' }, collection: name, id, expectedVersion: version }, [
      'op',
      'collection',
      'id',
    ]),
  ],
};

export const hostMethodArgSchemas: { readonly [M in HostMethod]: JsonObject } = {
  'collections.get': object({ collection: name, id }, ['collection', 'id']),
  'collections.find': object({ collection: name, filter: { $ref: 'filter' }, sort, ...page }, ['collection']),
  'collections.count': object({ collection: name, filter: { $ref: 'filter' } }, ['collection']),
  'collections.insert': object({ collection: name, data }, ['collection', 'data']),
  'collections.update': object({ collection: name, id, patch: data, expectedVersion: version }, [
    'collection',
    'id',
    'patch',
  ]),
  'collections.replace': object({ collection: name, id, data, expectedVersion: version }, [
    'collection',
    'id',
    'data',
  ]),
  'collections.delete': object({ collection: name, id, expectedVersion: version }, ['collection', 'id']),
  'collections.transaction': object(
    {
      operations: {
        type: 'array',
        minItems: 1,
        maxItems: HOST_LIMITS.maxTransactionOperations,
        items: operation,
      },
    },
    ['operations'],
  ),
  'people.get': object({ id, include }, ['id']),
  'people.list': object({
    orgUnitId: id,
    includeDescendants: { type: 'boolean' },
    kind: personKind,
    search: { type: 'string', maxLength: 100 },
    include,
    ...page,
  }),
  'people.guardiansOf': object({ studentId: id }, ['studentId']),
  'org.get': object({ id }, ['id']),
  'org.list': object({
    parentId: { anyOf: [id, { type: 'null' }] },
    kind: { enum: ['school', 'campus', 'grade', 'class', 'department', 'group'] },
  }),
  'messages.send': object(
    {
      audience: {
        oneOf: [
          object(
            {
              type: { const: 'people' },
              personIds: { type: 'array', minItems: 1, maxItems: 5000, items: id },
            },
            ['type', 'personIds'],
          ),
          object(
            {
              type: { const: 'orgUnit' },
              orgUnitId: id,
              includeDescendants: { type: 'boolean' },
              kinds: { type: 'array', items: personKind, uniqueItems: true },
            },
            ['type', 'orgUnitId'],
          ),
        ],
      },
      message: object(
        {
          title: { type: 'string', minLength: 1, maxLength: 200 },
          body: { type: 'string', maxLength: 20000 },
          page: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' },
          priority: { enum: ['normal', 'high'] },
        },
        ['title', 'body'],
      ),
    },
    ['audience', 'message'],
  ),
  'iot.listDevices': object({ type: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } }, ['type']),
  'iot.sendCommand': object(
    {
      deviceId: id,
      command: { type: 'string', pattern: '^[a-z][a-z0-9._-]{0,63}$' },
      params: data,
      ttlSeconds: { type: 'integer', minimum: 1, maximum: 86400 },
    },
    ['deviceId', 'command'],
  ),
  'settings.get': object({}),
  'http.fetch': object(
    {
      url: { type: 'string', maxLength: 4000 },
      method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
      headers: {
        type: 'object',
        maxProperties: 50,
        additionalProperties: { type: 'string', maxLength: 8000 },
      },
      body: { type: 'string', maxLength: HOST_LIMITS.maxRouteBodyBytes },
      timeoutMs: { type: 'integer', minimum: 1, maximum: HOST_LIMITS.maxHttpTimeoutMs },
    },
    ['url'],
  ),
  'log.write': object(
    {
      level: { enum: ['debug', 'info', 'warn', 'error'] },
      message: { type: 'string', maxLength: HOST_LIMITS.maxLogMessageLength },
      fields: { type: 'object', maxProperties: 50 },
    },
    ['level', 'message'],
  ),
};

const ajv = createAjv();
ajv.addSchema(filter);
const validators = new Map(HOST_METHODS.map((method) => [method, ajv.compile(hostMethodArgSchemas[method])]));

export function isHostMethod(method: string): method is HostMethod {
  return validators.has(method as HostMethod);
}

/**
 * Checks an untrusted host call and narrows it. Throws `InputError` (`invalid_host_call`) naming
 * each bad argument by JSON path.
 */
export function parseHostCallArgs<M extends HostMethod>(method: M, args: unknown): HostMethodArgs<M> {
  const validate = validators.get(method);
  if (!validate) {
    throw new InputError(
      { zh: `未知的平台能力：${method}`, en: `Unknown host method: ${method}` },
      { method },
      'unknown_host_method',
    );
  }
  if (!validate(args)) {
    const issues = issuesFromAjv(validate.errors);
    throw new InputError(
      {
        zh: `调用 ${method} 的参数有误：${formatIssues(issues)}`,
        en: `Bad arguments for ${method}: ${formatIssues(issues, 'en')}`,
      },
      { method, issues },
      'invalid_host_call',
    );
  }
  return args as HostMethodArgs<M>;
}
