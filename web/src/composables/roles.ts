import { zhCN } from '../i18n/locales/zh-CN.ts';

type Translate = (key: string) => string;

/** A role key as people read it: built-in roles are translated, a school's custom roles keep their key. */
export function roleLabel(role: string, t: Translate): string {
  return role in zhCN.roles ? t(`roles.${role}`) : role;
}
