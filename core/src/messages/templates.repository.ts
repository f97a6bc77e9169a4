import { NotFoundError } from '@campusbase/plugin-sdk/errors';
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { MessageLocale } from './messages.table.ts';
import { BUILT_IN_TEMPLATES, type TemplateSet, type TemplateSource, templateVariables } from './render.ts';

/** A school's template for a key, locale by locale over the built-in one of the same key. */
export async function loadTemplate(
  trx: Transaction<Database>,
  tenantId: string,
  key: string,
): Promise<TemplateSet> {
  const rows = await trx
    .selectFrom('message_templates')
    .select(['locale', 'title', 'text', 'html'])
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .execute();
  const builtIn = BUILT_IN_TEMPLATES[key];
  const own: Partial<Record<MessageLocale, TemplateSource>> = {};
  for (const row of rows) own[row.locale] = { title: row.title, text: row.text, html: row.html };
  const zh = own['zh-CN'] ?? builtIn?.['zh-CN'];
  if (!zh) {
    throw new NotFoundError({ zh: `消息模板 ${key} 不存在`, en: `There is no message template ${key}` });
  }
  const en = own.en ?? builtIn?.en;
  return en ? { 'zh-CN': zh, en } : { 'zh-CN': zh };
}

export interface TemplateView {
  key: string;
  builtIn: boolean;
  customised: boolean;
  variables: string[];
  locales: Partial<Record<MessageLocale, TemplateSource>>;
}

/** Every template the school can use: the built-in ones and its own. */
export async function listTemplates(trx: Transaction<Database>, tenantId: string): Promise<TemplateView[]> {
  const rows = await trx
    .selectFrom('message_templates')
    .select(['key', 'locale', 'title', 'text', 'html'])
    .where('tenant_id', '=', tenantId)
    .orderBy('key')
    .execute();
  const views = new Map<string, TemplateView>();
  for (const [key, set] of Object.entries(BUILT_IN_TEMPLATES)) {
    views.set(key, { key, builtIn: true, customised: false, variables: [], locales: { ...set } });
  }
  for (const row of rows) {
    const view = views.get(row.key) ?? {
      key: row.key,
      builtIn: false,
      customised: true,
      variables: [],
      locales: {},
    };
    view.customised = true;
    view.locales[row.locale] = { title: row.title, text: row.text, html: row.html };
    views.set(row.key, view);
  }
  return [...views.values()].map((v) => ({
    ...v,
    variables: v.locales['zh-CN'] ? templateVariables({ ...v.locales, 'zh-CN': v.locales['zh-CN'] }) : [],
  }));
}

export async function saveTemplate(
  trx: Transaction<Database>,
  tenantId: string,
  key: string,
  locale: MessageLocale,
  source: TemplateSource,
  personId: string,
): Promise<void> {
  await trx
    .insertInto('message_templates')
    .values({
      tenant_id: tenantId,
      key,
      locale,
      title: source.title,
      text: source.text,
      html: source.html ?? null,
      updated_by: personId,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'key', 'locale']).doUpdateSet({
        title: source.title,
        text: source.text,
        html: source.html ?? null,
        updated_by: personId,
        updated_at: new Date(),
      }),
    )
    .execute();
}
