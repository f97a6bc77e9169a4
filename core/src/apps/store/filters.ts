import { InputError } from '@campusbase/plugin-sdk/errors';
import { type RawBuilder, sql } from 'kysely';
import { checkField, fieldExpression, type FieldType, valueType } from './fields.ts';

const MAX_DEPTH = 4;
const MAX_TERMS = 100;

type Sql = RawBuilder<unknown>;

const invalid = (en: string, zh: string) =>
  new InputError({ zh: `查询条件不正确：${zh}`, en: `Invalid filter: ${en}` });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonLiteral(value: unknown): Sql {
  return sql`${JSON.stringify(value)}::jsonb`;
}

function equals(field: string, value: unknown): Sql {
  if (value === null)
    return sql`(data -> ${sql.lit(field)} IS NULL OR data -> ${sql.lit(field)} = 'null'::jsonb)`;
  const type = valueType(value);
  if (type === 'json') return sql`(data -> ${sql.lit(field)}) = ${jsonLiteral(value)}`;
  return sql`${fieldExpression(field, type)} = ${value}`;
}

function compare(field: string, operator: string, value: unknown): Sql {
  const type: FieldType = valueType(value);
  if (type === 'json') {
    throw invalid(
      `${operator} needs a string, number or boolean for ${field}`,
      `${field} 的 ${operator} 需要字符串、数字或布尔值`,
    );
  }
  const op = sql.raw({ $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[operator] ?? '=');
  return sql`${fieldExpression(field, type)} ${op} ${value}`;
}

function within(field: string, values: unknown): Sql {
  if (!Array.isArray(values) || values.length > MAX_TERMS) {
    throw invalid(
      `$in of ${field} must be an array of at most ${MAX_TERMS} values`,
      `${field} 的 $in 必须是数组`,
    );
  }
  if (values.length === 0) return sql`false`;
  return sql`(${sql.join(
    values.map((v) => equals(field, v)),
    sql` OR `,
  )})`;
}

function contains(field: string, value: unknown): Sql {
  const key = sql.lit(field);
  const inArray = sql`(jsonb_typeof(data -> ${key}) = 'array' AND data -> ${key} @> ${jsonLiteral([value])})`;
  if (typeof value !== 'string') return inArray;
  return sql`(${inArray} OR (jsonb_typeof(data -> ${key}) = 'string' AND strpos(data ->> ${key}, ${value}) > 0))`;
}

function fieldCondition(field: string, condition: unknown): Sql {
  checkField(field);
  if (!isPlainObject(condition)) return equals(field, condition);
  const parts: Sql[] = [];
  for (const [operator, value] of Object.entries(condition)) {
    switch (operator) {
      case '$eq':
        parts.push(equals(field, value));
        break;
      case '$ne':
        parts.push(sql`NOT coalesce(${equals(field, value)}, false)`);
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        parts.push(compare(field, operator, value));
        break;
      case '$in':
        parts.push(within(field, value));
        break;
      case '$nin':
        parts.push(sql`NOT coalesce(${within(field, value)}, false)`);
        break;
      case '$exists':
        parts.push(value === false ? sql`NOT (data ? ${field})` : sql`(data ? ${field})`);
        break;
      case '$contains':
        parts.push(contains(field, value));
        break;
      default:
        throw invalid(`unknown operator ${operator} on ${field}`, `${field} 上的运算符 ${operator} 不受支持`);
    }
  }
  if (parts.length === 0) throw invalid(`no operator on ${field}`, `${field} 没有任何条件`);
  return sql`(${sql.join(parts, sql` AND `)})`;
}

/**
 * Turns an SDK filter (`{ classId: 'c1', priority: { $gte: 2 }, $or: [...] }`) into a SQL condition
 * on `app_documents.data`. Values are parameters; field names are checked and then inlined, so the
 * expressions match the declared indexes.
 *
 * @example
 * const where = compileFilter({ classId: '7-2', pinned: true });
 */
export function compileFilter(filter: unknown, depth = 0): Sql {
  if (filter === undefined || filter === null) return sql`true`;
  if (!isPlainObject(filter)) throw invalid('a filter must be an object', '条件必须是对象');
  if (depth > MAX_DEPTH) throw invalid(`nested deeper than ${MAX_DEPTH}`, `嵌套超过 ${MAX_DEPTH} 层`);
  const parts: Sql[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TERMS) {
        throw invalid(`${key} must be a non-empty array`, `${key} 必须是非空数组`);
      }
      const nested = value.map((f) => compileFilter(f, depth + 1));
      parts.push(sql`(${sql.join(nested, key === '$and' ? sql` AND ` : sql` OR `)})`);
    } else {
      parts.push(fieldCondition(key, value));
    }
  }
  if (parts.length > MAX_TERMS)
    throw invalid(`more than ${MAX_TERMS} conditions`, `条件超过 ${MAX_TERMS} 个`);
  return parts.length === 0 ? sql`true` : sql`(${sql.join(parts, sql` AND `)})`;
}
