import type { Locale } from '../errors/index.ts';

/** Texts by key, per locale; zh-CN is required (the product speaks it first), English optional. */
export interface LabelCatalogue {
  readonly 'zh-CN': { readonly [key: string]: string };
  readonly en?: { readonly [key: string]: string };
}

export interface Labels {
  /**
   * The text for a key in a locale, with `{name}` placeholders filled: the English text when
   * there is one, else the zh-CN text, else the key itself (so a missing text shows, not breaks).
   */
  t(key: string, locale: Locale, values?: { readonly [name: string]: string | number }): string;
  has(key: string): boolean;
}

/**
 * A label catalogue for a page: status names, column titles, messages.
 *
 * @example
 * const labels = defineLabels({
 *   'zh-CN': { present: '出勤', absent: '缺勤', count: '共 {n} 人' },
 *   en: { present: 'Present', absent: 'Absent', count: '{n} people' },
 * });
 * labels.t('count', 'en', { n: 3 }) // '3 people'
 */
export function defineLabels(catalogue: LabelCatalogue): Labels {
  return {
    t(key, locale, values = {}) {
      const text = (locale === 'en' ? catalogue.en?.[key] : undefined) ?? catalogue['zh-CN'][key] ?? key;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in values ? String(values[name]) : whole,
      );
    },
    has: (key) => key in catalogue['zh-CN'],
  };
}
