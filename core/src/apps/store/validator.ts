import { InputError } from '@campusbase/plugin-sdk/errors';
import { createAjv } from '@campusbase/plugin-sdk/manifest';
import type { ValidateFunction } from 'ajv/dist/2020.js';

// The SDK's ajv configuration, so the fake host and the platform accept exactly the same documents.
const ajv = createAjv();

const cache = new Map<string, ValidateFunction>();

/** The compiled validator of a schema, cached by a key such as `<versionId>/<collection>`. */
export function validatorFor(key: string, schema: unknown): ValidateFunction {
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema as object);
    cache.set(key, validate);
    if (cache.size > 5000) cache.delete(cache.keys().next().value ?? key);
  }
  return validate;
}

/**
 * Validates a value against a JSON Schema and throws an InputError that names each JSON path and
 * reason, as the SDK's fake host does.
 *
 * @example
 * assertValid('v1/notices', schema, data, { zh: '公告', en: 'notice' });
 */
export function assertValid(
  key: string,
  schema: unknown,
  value: unknown,
  what: { zh: string; en: string },
): void {
  const validate = validatorFor(key, schema);
  if (validate(value)) return;
  const issues = (validate.errors ?? []).slice(0, 20).map((error) => ({
    path: error.instancePath === '' ? '/' : error.instancePath,
    message: error.message ?? 'is invalid',
  }));
  const list = issues.map((i) => `${i.path} ${i.message}`).join('; ');
  throw new InputError(
    { zh: `${what.zh}数据不符合要求：${list}`, en: `The ${what.en} is invalid: ${list}` },
    { issues },
    'validation_failed',
  );
}
