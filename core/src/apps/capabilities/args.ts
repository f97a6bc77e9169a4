import { InputError } from '@campusbase/plugin-sdk/errors';
import { HOST_METHODS, type HostMethod, parseHostCallArgs } from '@campusbase/plugin-sdk/protocol';

const known = new Set<string>(HOST_METHODS);
const COLLECTION = /^[a-z][a-z0-9_]{0,62}$/;

function bad(method: string, en: string, zh: string): InputError {
  return new InputError(
    { zh: `调用 ${method} 的参数有误：${zh}`, en: `Bad arguments for ${method}: ${en}` },
    { method },
    'invalid_host_call',
  );
}

/**
 * The first check on an untrusted host call: a known method and an argument object, with the
 * collection names and ids it carries well-formed. (The SDK's `parseHostCallArgs` checks every
 * argument by JSON Schema next.)
 */
export function checkHostCall(
  method: string,
  args: unknown,
): { method: HostMethod; args: Record<string, unknown> } {
  if (!known.has(method)) {
    throw new InputError(
      { zh: `未知的平台能力：${method}`, en: `Unknown host method: ${method}` },
      { method },
      'unknown_host_method',
    );
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    throw bad(method, 'an object is required', '需要对象');
  const record = args as Record<string, unknown>;
  for (const forbidden of ['tenantId', 'tenant_id', 'installationId', 'installation_id']) {
    if (forbidden in record)
      throw bad(method, `${forbidden} is set by the platform`, `${forbidden} 由平台决定，不能由应用指定`);
  }
  if (method.startsWith('collections.') && method !== 'collections.transaction') {
    if (typeof record.collection !== 'string' || !COLLECTION.test(record.collection)) {
      throw bad(method, 'collection must be a declared collection name', 'collection 必须是已声明的集合名');
    }
  }
  if ('id' in record && (typeof record.id !== 'string' || record.id.length > 100)) {
    throw bad(method, 'id must be a string', 'id 必须是字符串');
  }
  if (method === 'collections.transaction') {
    const operations = record.operations;
    if (!Array.isArray(operations) || operations.length === 0 || operations.length > 100) {
      throw bad(method, 'operations must be an array of 1 to 100', 'operations 必须包含 1 到 100 个操作');
    }
    for (const operation of operations) {
      const op = operation as Record<string, unknown> | null;
      if (
        !op ||
        typeof op.collection !== 'string' ||
        !COLLECTION.test(op.collection) ||
        !['insert', 'update', 'replace', 'delete'].includes(String(op.op))
      ) {
        throw bad(method, 'each operation needs op and a collection', '每个操作都需要 op 和 collection');
      }
    }
  }
  if (method === 'http.fetch' && typeof record.url !== 'string')
    throw bad(method, 'url must be a string', 'url 必须是字符串');
  // Then every argument by the SDK's JSON Schemas, exactly as the fake host checks them.
  parseHostCallArgs(method as HostMethod, record);
  return { method: method as HostMethod, args: record };
}
