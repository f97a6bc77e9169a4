import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { InputError } from '@campusbase/plugin-sdk/errors';

// ajv-formats is CommonJS; its default export is the function under Node's ESM interop.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = addFormats(new Ajv({ allErrors: false, strict: false }));
const cache = new Map<string, ValidateFunction>();

/** Compiles (once per distinct schema text) a validator for a profile's JSON Schema. */
export function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    if (cache.size > 1000) cache.clear();
    cache.set(key, validate);
  }
  return validate;
}

/** Throws an InputError when a profile's schema is not a valid JSON Schema. */
export function assertSchema(schema: Record<string, unknown>, which: string): void {
  try {
    validatorFor(schema);
  } catch (error) {
    throw new InputError({
      zh: `设备类型的${which}数据结构（JSON Schema）无效：${(error as Error).message}`,
      en: `The ${which} JSON Schema of the device profile is invalid: ${(error as Error).message}`,
    });
  }
}

/** The first validation error as one line, for a dead-letter reason. */
export function describeErrors(validate: ValidateFunction): string {
  const error = validate.errors?.[0];
  if (!error) return 'does not match the schema';
  return `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`;
}
