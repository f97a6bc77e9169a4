import type { Me } from '../../../api/auth.ts';
import type { BridgeContext, ThemeTokens } from './protocol.ts';

/** The portal's look as the SDK's theme tokens (`--cb-<name>` in the app page), from Element Plus' variables. */
const tokenSources: Record<string, string> = {
  'color-primary': '--el-color-primary',
  'color-primary-light': '--el-color-primary-light-9',
  'color-success': '--el-color-success',
  'color-warning': '--el-color-warning',
  'color-danger': '--el-color-danger',
  'color-info': '--el-color-info',
  'color-text': '--el-text-color-primary',
  'color-text-secondary': '--el-text-color-secondary',
  'color-bg': '--el-bg-color',
  'color-bg-page': '--el-bg-color-page',
  'color-border': '--el-border-color',
  radius: '--el-border-radius-base',
  'font-size': '--el-font-size-base',
};

/**
 * Reads the live values, so the school's theme colour and dark mode reach the app as they are.
 *
 * @example
 * themeTokens(getComputedStyle(document.documentElement), true).tokens['color-primary'] // '#1a7f5a'
 */
export function themeTokens(
  style: Pick<CSSStyleDeclaration, 'getPropertyValue'>,
  dark: boolean,
): ThemeTokens {
  const tokens: Record<string, string> = {};
  for (const [name, variable] of Object.entries(tokenSources)) {
    const value = style.getPropertyValue(variable).trim();
    if (value) tokens[name] = value;
  }
  const font = style.getPropertyValue('font-family').trim();
  if (font) tokens['font-family'] = font;
  return { dark, tokens };
}

/**
 * The SDK's view of the person, with only what an app may know; the same mapping as the app
 * runtime's `currentUser` (core/src/apps/app-api.routes.ts).
 */
export function currentUserOf(me: Me): BridgeContext['user'] {
  const roles = new Set(me.roles.map((r) => r.role));
  const kind = roles.has('student')
    ? 'student'
    : roles.has('parent')
      ? 'guardian'
      : roles.has('teacher') || roles.has('head_teacher')
        ? 'teacher'
        : 'staff';
  return {
    id: me.person.id,
    name: me.person.displayName,
    kind,
    isAdmin: me.permissions.includes('apps:install'),
  };
}
