// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testDocument as dom } from './happy-dom.fixture.ts';
import type { BridgeContext, ThemeTokens } from '../bridge/protocol.ts';
import { InputError, type Locale } from '../errors/index.ts';
import type { Bridge } from './bridge.ts';
import { defineLabels } from './labels.ts';
import { createPage, type PageDocument } from './page.ts';

const context: BridgeContext = {
  app: { id: 'cn.example.app', version: '1.0.0', installationId: 'i1' },
  page: 'home',
  user: { id: 'p1', name: '王老师', kind: 'teacher', isAdmin: false },
  locale: 'zh-CN',
  theme: { dark: false, tokens: { 'color-primary': '#1a7f5a', 'color-bg': '#ffffff' } },
  approvedScopes: [],
};

function fakeBridge(overrides: Partial<Bridge> = {}) {
  const theme = new Set<(theme: ThemeTokens) => void>();
  const locale = new Set<(locale: Locale) => void>();
  const toasts: string[] = [];
  const bridge = {
    context: vi.fn(async () => context),
    onThemeChange: (listener: (theme: ThemeTokens) => void) => {
      theme.add(listener);
      return () => theme.delete(listener);
    },
    onLocaleChange: (listener: (locale: Locale) => void) => {
      locale.add(listener);
      return () => locale.delete(listener);
    },
    resize: vi.fn(async () => undefined),
    toast: vi.fn(async (_type: string, message: string) => {
      toasts.push(message);
    }),
    ...overrides,
  } as unknown as Bridge;
  return {
    bridge,
    toasts,
    emitTheme: (next: ThemeTokens) => {
      for (const listener of theme) listener(next);
    },
    emitLocale: (next: Locale) => {
      for (const listener of locale) listener(next);
    },
  };
}

const doc = () => dom() as unknown as PageDocument;
const labels = defineLabels({
  'zh-CN': { title: '考勤看板', present: '出勤' },
  en: { title: 'Attendance', present: 'Present' },
});

beforeEach(() => {
  // Stands for the app's own stylesheet (happy-dom loads no files).
  dom().head.innerHTML = '<style id="app-css">td { color: red }</style>';
  dom().body.innerHTML = '<h2 data-label="title">考勤看板</h2><h3 data-label="unknown">自己的</h3>';
  dom().documentElement.removeAttribute('style');
});

describe('createPage', () => {
  it('puts the theme stylesheet before the app’s own and applies the portal’s tokens', async () => {
    const { bridge } = fakeBridge();
    await createPage({ bridge, document: doc() }).start(() => undefined);
    const first = dom().head.firstElementChild;
    expect(first?.id).toBe('cb-theme');
    expect(first?.textContent).toContain('var(--cb-color-primary)');
    expect(first?.nextElementSibling?.id).toBe('app-css');
    const root = dom().documentElement;
    expect(root.style.getPropertyValue('--cb-color-primary')).toBe('#1a7f5a');
    expect(root.getAttribute('data-theme')).toBe('light');
    expect(root.getAttribute('lang')).toBe('zh-CN');
    expect(dom().body.getAttribute('data-cb-state')).toBe('ready');
    expect(dom().body.getAttribute('aria-busy')).toBe('false');
  });

  it('follows the portal into dark mode and drops tokens the new theme no longer sends', async () => {
    const { bridge, emitTheme } = fakeBridge();
    await createPage({ bridge, document: doc() }).start(() => undefined);
    emitTheme({ dark: true, tokens: { 'color-primary': '#409eff' } });
    const root = dom().documentElement;
    expect(root.getAttribute('data-theme')).toBe('dark');
    expect(root.style.getPropertyValue('--cb-color-primary')).toBe('#409eff');
    expect(root.style.getPropertyValue('--cb-color-bg')).toBe('');
  });

  it('shows the page’s labels in the portal’s locale, and switches when it changes', async () => {
    const { bridge, emitLocale } = fakeBridge();
    const page = createPage({ bridge, document: doc(), labels });
    const changed = vi.fn();
    page.onLocaleChange(changed);
    await page.start(() => undefined);
    expect(page.t('present')).toBe('出勤');
    emitLocale('en');
    expect(dom().querySelector('h2')?.textContent).toBe('Attendance');
    expect(dom().querySelector('h3')?.textContent).toBe('自己的');
    expect(page.t('present')).toBe('Present');
    expect(dom().documentElement.getAttribute('lang')).toBe('en');
    expect(changed).toHaveBeenCalledWith('en');
  });

  it('shows a failed start as an error with a retry instead of a blank frame', async () => {
    const { bridge } = fakeBridge();
    let attempts = 0;
    const main = vi.fn(async () => {
      attempts += 1;
      if (attempts === 1) throw new InputError({ zh: '班级不存在', en: 'No such class' });
      dom().body.append('已加载');
    });
    await createPage({ bridge, document: doc() }).start(main);
    const panel = dom().getElementById('cb-error');
    expect(panel?.getAttribute('role')).toBe('alert');
    expect(panel?.textContent).toContain('页面加载失败');
    expect(panel?.textContent).toContain('班级不存在');
    expect(dom().body.getAttribute('data-cb-state')).toBe('error');
    panel?.querySelector('button')?.click();
    await vi.waitFor(() => expect(dom().body.getAttribute('data-cb-state')).toBe('ready'));
    expect(dom().getElementById('cb-error')).toBeNull();
    expect(dom().body.textContent).toContain('已加载');
  });

  it('shows an error when the portal does not answer, and sizes the frame to the page', async () => {
    const { bridge } = fakeBridge({
      context: vi.fn(async () => {
        throw new Error('门户未在规定时间内响应');
      }),
    });
    await createPage({ bridge, document: doc() }).start(() => undefined);
    expect(dom().getElementById('cb-error')?.textContent).toContain('门户未在规定时间内响应');

    const ok = fakeBridge();
    dom().body.innerHTML = '';
    await createPage({ bridge: ok.bridge, document: doc() }).start(() => undefined);
    expect(ok.bridge.resize).toHaveBeenCalledTimes(1);
  });

  it('runs an action as busy and tells the person an error in their language', async () => {
    const { bridge, toasts, emitLocale } = fakeBridge();
    const page = createPage({ bridge, document: doc() });
    await page.start(() => undefined);
    emitLocale('en');
    const result = await page.busy(async () => {
      expect(dom().body.getAttribute('aria-busy')).toBe('true');
      throw new InputError({ zh: '日期有误', en: 'The date is wrong' });
    });
    expect(result).toBeUndefined();
    expect(toasts).toEqual(['The date is wrong']);
    expect(dom().body.getAttribute('aria-busy')).toBe('false');
    expect(await page.busy(async () => 42)).toBe(42);
  });
});
