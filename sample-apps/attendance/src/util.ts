import {
  type Collection,
  type CurrentUser,
  type Filter,
  ForbiddenError,
  InputError,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type StoredDocument,
  type TransactionOperation,
} from '@campusbase/plugin-sdk';
import { isDate } from './campus-time.ts';
import type { Context } from './types.ts';

/** Every document matching a filter, page by page (500 per call), up to `max`. */
export async function findAll<T extends JsonObject>(
  collection: Collection<T>,
  filter: Filter<T>,
  max = 5000,
): Promise<StoredDocument<T>[]> {
  const all: StoredDocument<T>[] = [];
  let cursor: string | null = null;
  do {
    const page = await collection.find({ filter, limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && all.length < max);
  return all;
}

/** Applies operations in all-or-nothing chunks of 100, the platform's transaction limit. */
export async function applyAll(context: Context, operations: ReadonlyArray<TransactionOperation>) {
  for (let start = 0; start < operations.length; start += 100) {
    await context.collections.transaction(operations.slice(start, start + 100));
  }
}

export function requireStaff(context: Context): CurrentUser {
  const { user } = context;
  if (!user || (user.kind !== 'teacher' && user.kind !== 'staff' && !user.isAdmin)) {
    throw new ForbiddenError({ zh: '只有教师可以进行此操作', en: 'Only teachers may do this' });
  }
  return user;
}

export function currentUser(context: Context): CurrentUser {
  if (!context.user) throw new ForbiddenError({ zh: '请先登录', en: 'Sign in first' });
  return context.user;
}

export function bodyOf(body: JsonValue | null): JsonObject {
  if (!isJsonObject(body)) throw new InputError({ zh: '请求内容应为 JSON 对象', en: 'Send a JSON object' });
  return body;
}

export function dateParam(value: JsonValue | undefined, field: string, fallback?: string): string {
  const date = value ?? fallback;
  if (!isDate(date)) {
    throw new InputError(
      { zh: `${field} 应为日期，例如 2026-11-23`, en: `${field} must be a date such as 2026-11-23` },
      { field },
    );
  }
  return date;
}

export function stringParam(value: JsonValue | undefined, field: string, max = 200): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw new InputError(
      { zh: `请填写 ${field}（不超过 ${max} 字）`, en: `Fill in ${field} (at most ${max} characters)` },
      { field },
    );
  }
  return value.trim();
}

/** The roster of one class, or of the whole school, sorted by name. */
export async function roster(context: Context, classId?: string) {
  const cards = await findAll(context.collections.use('cards'), classId ? { classId } : {});
  const byStudent = new Map(cards.map((card) => [card.data.studentId, card.data]));
  return [...byStudent.values()].sort((a, b) => a.studentName.localeCompare(b.studentName, 'zh-CN'));
}
