import {
  type Collection,
  ForbiddenError,
  InputError,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type StoredDocument,
} from '@campusbase/plugin-sdk';
import type { Context } from './types.ts';

export async function findAll<T extends JsonObject>(
  collection: Collection<T>,
  max = 5000,
): Promise<StoredDocument<T>[]> {
  const all: StoredDocument<T>[] = [];
  let cursor: string | null = null;
  do {
    const page = await collection.find({ limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && all.length < max);
  return all;
}

/** Timetables are made by the academic office: teachers with the school's trust, or admins. */
export function requireStaff(context: Context) {
  const { user } = context;
  if (!user || (user.kind !== 'teacher' && user.kind !== 'staff' && !user.isAdmin)) {
    throw new ForbiddenError({ zh: '只有教务人员可以排课', en: 'Only staff may edit timetables' });
  }
  return user;
}

export function bodyOf(body: JsonValue | null): JsonObject {
  if (!isJsonObject(body)) throw new InputError({ zh: '请求内容应为 JSON 对象', en: 'Send a JSON object' });
  return body;
}

export const DAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
