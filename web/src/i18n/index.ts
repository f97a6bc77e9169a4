import { createI18n } from 'vue-i18n';
import { en } from './locales/en.ts';
import { type Messages, zhCN } from './locales/zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
export const locales: ReadonlyArray<{ value: Locale; label: string }> = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
];

/** zh-CN by default; English when the user chose it. */
export function createPortalI18n(locale: Locale = 'zh-CN') {
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
  });
}

export type PortalI18n = ReturnType<typeof createPortalI18n>;
