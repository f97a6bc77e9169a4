import {
  type Collection,
  type CurrentUser,
  type Filter,
  ForbiddenError,
  InputError,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  NotFoundError,
  type StoredDocument,
} from '@campusbase/plugin-sdk';
import type { Asset, Context } from './types.ts';

export async function findAll<T extends JsonObject>(
  collection: Collection<T>,
  filter: Filter<T> = {},
  max = 20_000,
) {
  const all: StoredDocument<T>[] = [];
  let cursor: string | null = null;
  do {
    const page = await collection.find({ filter, limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && all.length < max);
  return all;
}

export function currentUser(context: Context): CurrentUser {
  if (!context.user) throw new ForbiddenError({ zh: '请先登录', en: 'Sign in first' });
  return context.user;
}

/** School admins, and the people the admin named as approvers in the settings. */
export async function requireApprover(context: Context): Promise<CurrentUser> {
  const user = currentUser(context);
  if (user.isAdmin || (await context.settings.get()).approverIds.includes(user.id)) return user;
  throw new ForbiddenError({ zh: '只有资产管理员可以审批', en: 'Only asset approvers may do this' });
}

export function bodyOf(body: JsonValue | null): JsonObject {
  if (!isJsonObject(body)) throw new InputError({ zh: '请求内容应为 JSON 对象', en: 'Send a JSON object' });
  return body;
}

export function text(value: JsonValue | undefined, field: string, max: number, required = true): string {
  if (value === undefined && !required) return '';
  if (typeof value !== 'string' || (required && value.trim() === '') || value.length > max) {
    throw new InputError(
      { zh: `请填写 ${field}（不超过 ${max} 字）`, en: `Fill in ${field} (at most ${max} characters)` },
      { field },
    );
  }
  return value.trim();
}

export async function loadAsset(context: Context, id: string): Promise<StoredDocument<Asset>> {
  const asset = await context.collections.use('assets').get(id);
  if (!asset) throw new NotFoundError({ zh: '资产不存在', en: 'No such asset' });
  return asset;
}

/** Today on the campus calendar (UTC+8). */
export function campusToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;
