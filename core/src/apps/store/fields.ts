import { InputError } from '@campusbase/plugin-sdk/errors';
import { type RawBuilder, sql } from 'kysely';

/** The JSON type a field is compared and indexed as. */
export type FieldType = 'string' | 'number' | 'boolean' | 'json';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const COLLECTION = /^[a-z][a-z0-9_]{0,62}$/;
const APP_ID = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** Checks a top-level field name; only then may it be written into SQL as a literal. */
export function checkField(field: string): string {
  if (!FIELD.test(field)) {
    throw new InputError({
      zh: `字段名「${field}」不合法：只能使用字母、数字和下划线，且不能以数字开头`,
      en: `Field name "${field}" is not valid: use letters, digits and underscores, not starting with a digit`,
    });
  }
  return field;
}

export function checkCollectionName(name: string): string {
  if (!COLLECTION.test(name)) {
    throw new InputError({ zh: `集合名「${name}」不合法`, en: `Collection name "${name}" is not valid` });
  }
  return name;
}

export function checkAppId(id: string): string {
  if (!APP_ID.test(id))
    throw new InputError({ zh: `应用标识「${id}」不合法`, en: `App id "${id}" is not valid` });
  return id;
}

/** The declared JSON type of a top-level property in a collection schema, when it has exactly one. */
export function declaredType(schema: unknown, field: string): FieldType {
  if (schema === null || typeof schema !== 'object') return 'json';
  const properties = (schema as { properties?: unknown }).properties;
  if (properties === null || typeof properties !== 'object') return 'json';
  const property = (properties as Record<string, unknown>)[field];
  if (property === null || typeof property !== 'object') return 'json';
  let type = (property as { type?: unknown }).type;
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== 'null');
    type = nonNull.length === 1 ? nonNull[0] : undefined;
  }
  if (type === 'string') return 'string';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'boolean';
  return 'json';
}

/**
 * The SQL expression of a field as the given type. Filters, sorts and the declared expression
 * indexes all use exactly these expressions, so PostgreSQL can match a query to an index.
 * The field name has been checked against FIELD, so it is safe as a literal.
 */
export function fieldExpression(field: string, type: FieldType): RawBuilder<unknown> {
  const key = sql.lit(checkField(field));
  switch (type) {
    case 'string':
      return sql`cb_doc_text(data -> ${key})`;
    case 'number':
      return sql`cb_doc_num(data -> ${key})`;
    case 'boolean':
      return sql`cb_doc_bool(data -> ${key})`;
    case 'json':
      return sql`(data -> ${key})`;
  }
}

/** The same expression as index DDL text (no parameters allowed there). */
export function fieldExpressionText(field: string, type: FieldType): string {
  const key = `'${checkField(field)}'`;
  switch (type) {
    case 'string':
      return `cb_doc_text(data -> ${key})`;
    case 'number':
      return `cb_doc_num(data -> ${key})`;
    case 'boolean':
      return `cb_doc_bool(data -> ${key})`;
    case 'json':
      return `(data -> ${key})`;
  }
}

/** The JSON type of a filter value. */
export function valueType(value: unknown): FieldType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'json';
}
