import { InputError } from '@campusbase/plugin-sdk/errors';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { MessageContent, MessageLocale, RenderedContent } from './messages.table.ts';

export type Variables = Readonly<Record<string, string | number>>;

/** One template: a title, plain text and optional HTML per locale, with `{{name}}` variables. */
export interface TemplateSource {
  title: string;
  text: string;
  html?: string | null;
}

export type TemplateSet = { 'zh-CN': TemplateSource } & Partial<Record<MessageLocale, TemplateSource>>;

const VARIABLE = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);

/** The variable names a template uses, in order of first use. */
export function templateVariables(set: TemplateSet): string[] {
  const names = new Set<string>();
  for (const source of Object.values(set)) {
    if (!source) continue;
    for (const part of [source.title, source.text, source.html ?? '']) {
      for (const match of part.matchAll(VARIABLE)) names.add(match[1]!);
    }
  }
  return [...names];
}

function fill(template: string, variables: Variables, asHtml: boolean): string {
  return template.replace(VARIABLE, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) {
      throw new InputError(
        { zh: `模板变量 ${name} 没有提供值`, en: `The template variable ${name} has no value` },
        { variable: name },
      );
    }
    return asHtml ? escapeHtml(String(value)) : String(value);
  });
}

/** Markdown (or plain text) to safe HTML: only formatting tags and relative or https links. */
export function markdownToHtml(markdown: string): string {
  const raw = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return sanitizeHtml(raw, {
    allowedTags: [
      'p',
      'br',
      'strong',
      'em',
      'b',
      'i',
      'u',
      'ul',
      'ol',
      'li',
      'a',
      'h3',
      'h4',
      'blockquote',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'code',
    ],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['https'],
    allowProtocolRelative: false,
  });
}

function renderOne(source: TemplateSource, variables: Variables): RenderedContent {
  const text = fill(source.text, variables, false);
  return {
    title: fill(source.title, variables, false),
    text,
    // Variables are escaped inside HTML; a template without HTML gets its text as Markdown.
    html: source.html ? sanitizeHtml(fill(source.html, variables, true)) : markdownToHtml(text),
  };
}

/**
 * Renders a template in every locale it has, filling `{{variables}}`.
 *
 * @example
 * render({ 'zh-CN': { title: '{{name}}到校', text: '{{name}}已于{{time}}到校' } }, { name: '李明', time: '07:42' });
 */
export function render(set: TemplateSet, variables: Variables): MessageContent {
  const content: MessageContent = { 'zh-CN': renderOne(set['zh-CN'], variables) };
  if (set.en) content.en = renderOne(set.en, variables);
  return content;
}

/** Free text written by a sender: the body is Markdown, sanitised to HTML. */
export function freeText(
  zh: { title: string; body: string },
  en?: { title: string; body: string },
): MessageContent {
  const one = (t: { title: string; body: string }): RenderedContent => ({
    title: t.title,
    text: t.body,
    html: markdownToHtml(t.body),
  });
  return en ? { 'zh-CN': one(zh), en: one(en) } : { 'zh-CN': one(zh) };
}

/** The content in the reader's locale, falling back to zh-CN. */
export function inLocale(content: MessageContent, locale: string): RenderedContent {
  return (locale === 'en' ? content.en : undefined) ?? content['zh-CN'];
}

/** Built-in templates; a school overrides one by saving a template with the same key. */
export const BUILT_IN_TEMPLATES: Readonly<Record<string, TemplateSet>> = {
  'iot.alarm': {
    'zh-CN': {
      title: '设备告警：{{deviceName}} {{ruleName}}',
      text: '{{deviceName}} 触发告警「{{ruleName}}」：{{field}} = {{value}}（{{severity}}），时间 {{time}}。请尽快处理。',
    },
    en: {
      title: 'Device alarm: {{deviceName}} {{ruleName}}',
      text: '{{deviceName}} raised "{{ruleName}}": {{field}} = {{value}} ({{severity}}) at {{time}}. Please check it.',
    },
  },
  'iot.alarm.cleared': {
    'zh-CN': {
      title: '告警解除：{{deviceName}} {{ruleName}}',
      text: '{{deviceName}} 的告警「{{ruleName}}」已于 {{time}} 解除。',
    },
    en: {
      title: 'Alarm cleared: {{deviceName}} {{ruleName}}',
      text: 'The alarm "{{ruleName}}" on {{deviceName}} cleared at {{time}}.',
    },
  },
  'message.reminder': {
    'zh-CN': { title: '【提醒】{{title}}', text: '您还没有阅读通知「{{title}}」，请及时查看。' },
    en: {
      title: 'Reminder: {{title}}',
      text: 'You have not read the notice "{{title}}" yet. Please read it.',
    },
  },
  'message.digest': {
    'zh-CN': { title: '今日消息摘要（{{count}} 条）', text: '{{items}}' },
    en: { title: 'Your digest ({{count}} messages)', text: '{{items}}' },
  },
  'exam.schedule': {
    'zh-CN': {
      title: '关于{{examName}}安排的通知',
      text: '各位家长：\n\n{{examName}}定于{{dates}}举行，请督促孩子按时作息、认真复习。考试期间学生{{arrival}}到校。\n\n{{className}} 班主任 {{teacher}}',
    },
    en: {
      title: 'Schedule of the {{examName}}',
      text: 'Dear parents,\n\nThe {{examName}} takes place on {{dates}}. Students arrive by {{arrival}}.\n\n{{teacher}}, head teacher of {{className}}',
    },
  },
};

/** Renders a template with each variable standing for itself: fails on a template that cannot render. */
export function checkTemplate(set: TemplateSet): MessageContent {
  return render(set, Object.fromEntries(templateVariables(set).map((name) => [name, `{${name}}`])));
}
