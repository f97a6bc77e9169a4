/*
 * Shape guards for the marketplace answers its OpenAPI document leaves as `unknown`: a change on
 * the server shows as a clear error, not as undefined on screen.
 */

export type Check = (value: unknown) => boolean;
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const str: Check = (v) => typeof v === 'string';
export const num: Check = (v) => typeof v === 'number';
export const nullable =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
export const text: Check = (v) => isObject(v) && str(v['zh']) && str(v['en']);
export const shape =
  (fields: Record<string, Check>): Check =>
  (v) =>
    isObject(v) && Object.entries(fields).every(([k, check]) => check(v[k]));
export const list =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);

export const bool: Check = (v) => typeof v === 'boolean';
export const any: Check = () => true;
export const oneOf =
  (...values: unknown[]): Check =>
  (v) =>
    values.includes(v);

export function expect<T>(value: unknown, check: Check, what: string): T {
  if (!check(value)) {
    throw new Error(`应用市场返回的${what}格式不正确，请刷新或联系平台管理员 (unexpected ${what} shape)`);
  }
  return value as T;
}
