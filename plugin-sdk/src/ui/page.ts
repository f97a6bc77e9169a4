import type { BridgeContext } from '../bridge/protocol.ts';
import { DomainError, type Locale } from '../errors/index.ts';
import type { Bridge } from './bridge.ts';
import { connectBridge } from './bridge.ts';
import type { UiDocument, UiElement } from './dom.ts';
import { defineLabels, type Labels } from './labels.ts';
import { applyTheme, THEME_CSS, type ThemeTarget } from './theme.ts';

/** The document members a page uses; the browser's `document` satisfies them. */
export interface PageDocument extends UiDocument {
  readonly documentElement: ThemeTarget;
  readonly head: UiElement & { prepend(...nodes: UiElement[]): void };
  readonly body: UiElement & {
    readonly scrollHeight: number;
    prepend(...nodes: UiElement[]): void;
  };
  querySelectorAll(selectors: string): Iterable<UiElement & { getAttribute(name: string): string | null }>;
}

export interface PageOptions {
  /** The page's own texts: `page.t(key)` and every `data-label="key"` element follow the portal's locale. */
  readonly labels?: Labels;
  /** Default: the global `document`. */
  readonly document?: PageDocument;
  /** Default: `connectBridge()`. */
  readonly bridge?: Bridge;
}

export interface Page {
  readonly bridge: Bridge;
  /**
   * Starts the page: adds the theme stylesheet, shows the loading state, asks the portal for the
   * context, applies its theme (and every later change) and locale, then runs `main`. When `main`
   * fails, the page shows the error with a retry button instead of a blank frame. Never rejects.
   */
  start(main: (context: BridgeContext) => void | Promise<void>): Promise<void>;
  /** Tells the person what went wrong, in their language (a portal toast). */
  fail(error: unknown): Promise<void>;
  /** Sizes the portal's frame to the page now (the page also does it whenever its body resizes). */
  fit(): Promise<void>;
  /** Runs an action with the busy state on; its error goes to `fail` and it resolves `undefined`. */
  busy<T>(work: () => Promise<T>): Promise<T | undefined>;
  /** The portal's locale (zh-CN until the context arrived). */
  locale(): Locale;
  /** The page's label for a key in the current locale. */
  t(key: string, values?: { readonly [name: string]: string | number }): string;
  /** Called after the portal's locale changed and `data-label` elements were updated. */
  onLocaleChange(listener: (locale: Locale) => void): () => void;
}

const kitLabels = defineLabels({
  'zh-CN': { failed: '页面加载失败', retry: '重试' },
  en: { failed: 'The page could not be loaded', retry: 'Try again' },
});

/** The text of an error in a locale: a platform or app error's own text, else the message. */
export function errorText(error: unknown, locale: Locale): string {
  if (error instanceof DomainError) return error.messageFor(locale);
  if (error instanceof Error) return error.message;
  return String(error);
}

type Observer = new (callback: () => void) => { observe(target: unknown): void };

/**
 * One app page in the portal: the bridge, the theme, the locale, and loading and error states.
 *
 * @example
 * import { byId, createPage, defineLabels, fillOptions } from '@campusbase/plugin-sdk/ui';
 * const page = createPage({ labels: defineLabels({ 'zh-CN': { title: '考勤看板' }, en: { title: 'Attendance' } }) });
 * page.start(async (context) => {
 *   fillOptions(byId('class'), await page.bridge.api.get('/classes'));
 * });
 */
export function createPage(options: PageOptions = {}): Page {
  const doc = options.document ?? (globalThis as unknown as { document: PageDocument }).document;
  const bridge = options.bridge ?? connectBridge();
  const labels = options.labels;
  const localeListeners = new Set<(locale: Locale) => void>();
  let locale: Locale = 'zh-CN';
  let lastHeight = -1;
  let fitQueued = false;

  const t: Page['t'] = (key, values) =>
    labels?.has(key) ? labels.t(key, locale, values) : kitLabels.t(key, locale, values);

  function translate(): void {
    for (const element of doc.querySelectorAll('[data-label]')) {
      const key = element.getAttribute('data-label');
      if (key && labels?.has(key)) element.textContent = labels.t(key, locale);
    }
  }

  function installStyles(): void {
    if (doc.getElementById('cb-theme')) return;
    doc.head.prepend(h('style', THEME_CSS, { id: 'cb-theme' }));
  }

  function h(tag: string, text: string, attributes: { readonly [name: string]: string } = {}): UiElement {
    const element = doc.createElement(tag);
    element.textContent = text;
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  }

  function setState(state: 'loading' | 'ready' | 'error'): void {
    doc.body.setAttribute('data-cb-state', state);
    doc.body.setAttribute('aria-busy', state === 'loading' ? 'true' : 'false');
  }

  async function fit(): Promise<void> {
    const height = doc.body.scrollHeight;
    if (height === lastHeight) return;
    lastHeight = height;
    await bridge.resize(height).catch(() => undefined);
  }

  function watchSize(): void {
    const ResizeObserver = (globalThis as unknown as { ResizeObserver?: Observer }).ResizeObserver;
    if (!ResizeObserver) return;
    new ResizeObserver(() => {
      if (fitQueued) return;
      fitQueued = true;
      queueMicrotask(() => {
        fitQueued = false;
        void fit();
      });
    }).observe(doc.body);
  }

  async function fail(error: unknown): Promise<void> {
    await bridge.toast('error', errorText(error, locale).slice(0, 500)).catch(() => undefined);
  }

  function showError(error: unknown, retry: () => void): void {
    setState('error');
    const button = h('button', t('retry'), { type: 'button' });
    const panel = h('div', '', { class: 'cb-error', role: 'alert', id: 'cb-error' });
    panel.append(h('strong', t('failed')), h('div', errorText(error, locale)), button);
    (button as UiElement & { addEventListener(type: string, listener: () => void): void }).addEventListener(
      'click',
      () => {
        panel.replaceChildren();
        (panel as UiElement & { remove(): void }).remove();
        retry();
      },
    );
    doc.body.prepend(panel);
  }

  async function start(main: (context: BridgeContext) => void | Promise<void>): Promise<void> {
    installStyles();
    setState('loading');
    let context: BridgeContext;
    try {
      context = await bridge.context();
    } catch (error) {
      showError(error, () => void start(main));
      return;
    }
    locale = context.locale;
    applyTheme(context.theme, doc.documentElement);
    doc.documentElement.setAttribute('lang', locale);
    translate();
    const run = async (): Promise<void> => {
      setState('loading');
      try {
        await main(context);
        setState('ready');
      } catch (error) {
        showError(error, () => void run());
      }
      await fit();
    };
    bridge.onThemeChange((theme) => applyTheme(theme, doc.documentElement));
    bridge.onLocaleChange((next) => {
      locale = next;
      doc.documentElement.setAttribute('lang', next);
      translate();
      for (const listener of localeListeners) listener(next);
    });
    watchSize();
    await run();
  }

  return {
    bridge,
    start,
    fail,
    fit,
    async busy(work) {
      doc.body.setAttribute('aria-busy', 'true');
      try {
        return await work();
      } catch (error) {
        await fail(error);
        return undefined;
      } finally {
        doc.body.setAttribute('aria-busy', 'false');
      }
    },
    locale: () => locale,
    t,
    onLocaleChange(listener) {
      localeListeners.add(listener);
      return () => localeListeners.delete(listener);
    },
  };
}
