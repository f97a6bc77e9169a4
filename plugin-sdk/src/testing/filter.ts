import type { Filter, SortKey, StoredDocument } from '../capabilities/collections.ts';
import type { JsonObject, JsonValue } from '../json.ts';

/**
 * Filter and sort semantics of collections, as the fake host implements them and as the real host
 * must implement them in SQL (see docs/host-protocol.md):
 * - a scalar `{ f: v }` means `{ f: { $eq: v } }`; equality is deep JSON equality;
 * - `$gt/$gte/$lt/$lte` match only a value of the operand's JSON type (number or string);
 *   strings compare by Unicode code point (PostgreSQL `COLLATE "C"`);
 * - `$ne` and `$nin` also match documents without the field; `$exists: true` matches `null` values;
 * - `$contains` is a substring test on strings and an element test (deep equality) on arrays;
 * - sorting follows PostgreSQL's jsonb order (null < string < number < boolean < array < object);
 *   a missing field sorts last ascending and first descending; ties are broken by `$id` ascending.
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  const left = a as JsonObject;
  const right = b as JsonObject;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => jsonEqual(left[key], right[key]));
}

export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

function ordered(value: JsonValue | undefined, operand: JsonValue | undefined): number | null {
  if (typeof value === 'number' && typeof operand === 'number') return value - operand;
  if (typeof value === 'string' && typeof operand === 'string') return compareCodePoints(value, operand);
  return null;
}

function matchField(value: JsonValue | undefined, condition: JsonValue): boolean {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    return jsonEqual(value, condition);
  }
  return Object.entries(condition as JsonObject).every(([operator, operand]) => {
    const order = ordered(value, operand);
    switch (operator) {
      case '$eq':
        return jsonEqual(value, operand);
      case '$ne':
        return !jsonEqual(value, operand);
      case '$gt':
        return order !== null && order > 0;
      case '$gte':
        return order !== null && order >= 0;
      case '$lt':
        return order !== null && order < 0;
      case '$lte':
        return order !== null && order <= 0;
      case '$in':
        return Array.isArray(operand) && operand.some((item) => jsonEqual(value, item));
      case '$nin':
        return Array.isArray(operand) && !operand.some((item) => jsonEqual(value, item));
      case '$exists':
        return (value !== undefined) === operand;
      case '$contains':
        if (typeof value === 'string') return typeof operand === 'string' && value.includes(operand);
        return Array.isArray(value) && value.some((item) => jsonEqual(item, operand));
      default:
        return false;
    }
  });
}

export function matchesFilter(data: JsonObject, filter: Filter | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter as JsonObject).every(([key, condition]) => {
    if (key === '$and')
      return (condition as ReadonlyArray<Filter>).every((inner) => matchesFilter(data, inner));
    if (key === '$or')
      return (condition as ReadonlyArray<Filter>).some((inner) => matchesFilter(data, inner));
    return matchField(data[key], condition);
  });
}

const typeRank = (value: JsonValue): number =>
  value === null
    ? 0
    : typeof value === 'string'
      ? 1
      : typeof value === 'number'
        ? 2
        : typeof value === 'boolean'
          ? 3
          : Array.isArray(value)
            ? 4
            : 5;

function compareJson(a: JsonValue, b: JsonValue): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareCodePoints(JSON.stringify(a), JSON.stringify(b));
}

function sortValue(document: StoredDocument, field: string): JsonValue | undefined {
  if (field === '$createdAt') return document.createdAt;
  if (field === '$updatedAt') return document.updatedAt;
  if (field === '$id') return document.id;
  return document.data[field];
}

export function compareDocuments(
  sort: ReadonlyArray<SortKey>,
): (a: StoredDocument, b: StoredDocument) => number {
  return (a, b) => {
    for (const { field, order = 'asc' } of sort) {
      const left = sortValue(a, field);
      const right = sortValue(b, field);
      const sign = order === 'asc' ? 1 : -1;
      if (left === undefined || right === undefined) {
        if (left === right) continue;
        // SQL NULL: last ascending, first descending.
        return (left === undefined ? 1 : -1) * sign;
      }
      const diff = compareJson(left, right);
      if (diff !== 0) return diff * sign;
    }
    return compareCodePoints(a.id, b.id);
  };
}
