import type { ThemeTokens } from '../bridge/protocol.ts';

/**
 * The base stylesheet of an app page: every colour, radius and font comes from the portal's theme
 * tokens (`--cb-*`, set by `applyTheme` from the bridge), so the page looks native in the school's
 * colours and follows dark mode. The defaults below are used only where the host sent no token
 * (for example in `campusbase-app dev`). An app's own stylesheet, linked in its HTML, comes after
 * this one in the cascade and wins.
 */
export const THEME_CSS = `
:root {
  color-scheme: light;
  --cb-color-primary: #1677ff;
  --cb-color-primary-light: #e8f3ff;
  --cb-color-success: #00b42a;
  --cb-color-warning: #ff7d00;
  --cb-color-danger: #f53f3f;
  --cb-color-info: #86909c;
  --cb-color-text: #1f2329;
  --cb-color-text-secondary: #86909c;
  --cb-color-bg: #fff;
  --cb-color-bg-page: #f5f7fa;
  --cb-color-border: #dcdfe6;
  --cb-radius: 4px;
  --cb-font-size: 14px;
  --cb-font-family: system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif;
}
:root[data-theme='dark'] {
  color-scheme: dark;
  --cb-color-primary-light: #18283e;
  --cb-color-text: #e5eaf3;
  --cb-color-text-secondary: #a3a6ad;
  --cb-color-bg: #141414;
  --cb-color-bg-page: #0a0a0a;
  --cb-color-border: #4c4d4f;
}
body {
  margin: 0;
  padding: 16px;
  font-family: var(--cb-font-family);
  font-size: var(--cb-font-size);
  color: var(--cb-color-text);
  background: var(--cb-color-bg);
}
h2 { font-size: 16px; margin: 16px 0 8px; }
.toolbar, form.inline { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 12px; }
input, select, textarea, button {
  font: inherit;
  padding: 5px 8px;
  color: inherit;
  background: var(--cb-color-bg);
  border: 1px solid var(--cb-color-border);
  border-radius: var(--cb-radius);
}
button { cursor: pointer; }
button:disabled { cursor: not-allowed; opacity: 0.6; }
button.primary { background: var(--cb-color-primary); border-color: var(--cb-color-primary); color: #fff; }
button.danger { color: var(--cb-color-danger); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--cb-color-border); }
th { color: var(--cb-color-text-secondary); font-weight: normal; }
td.cb-empty { text-align: center; color: var(--cb-color-text-secondary); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 8px; }
.card { padding: 12px; border-radius: var(--cb-radius); background: var(--cb-color-bg-page); }
.card b { display: block; font-size: 22px; }
.tag { display: inline-block; padding: 0 6px; border-radius: var(--cb-radius); background: var(--cb-color-primary-light); }
.tag.present, .tag.ok { color: var(--cb-color-success); }
.tag.late, .tag.warn { color: var(--cb-color-warning); }
.tag.absent, .tag.bad { color: var(--cb-color-danger); }
.tag.leave, .muted { color: var(--cb-color-text-secondary); }
progress { width: 100%; accent-color: var(--cb-color-primary); }
body[aria-busy='true'] { cursor: progress; }
body[data-cb-state='loading']::before {
  content: '';
  position: fixed;
  inset: 0 0 auto 0;
  height: 2px;
  background: var(--cb-color-primary);
  animation: cb-loading 1.2s ease-in-out infinite;
}
@keyframes cb-loading { 0% { transform: scaleX(0); transform-origin: left; } 50% { transform: scaleX(1); transform-origin: left; } 51% { transform-origin: right; } 100% { transform: scaleX(0); transform-origin: right; } }
.cb-error {
  margin: 8px 0;
  padding: 12px 16px;
  border-left: 3px solid var(--cb-color-danger);
  border-radius: var(--cb-radius);
  background: var(--cb-color-bg-page);
}
.cb-error button { margin-top: 8px; }
@media (max-width: 600px) { body { padding: 8px; } }
`;

/** The few DOM members the theme helpers touch; the real `document` satisfies them. */
export interface ThemeTarget {
  readonly style: {
    setProperty(name: string, value: string): void;
    removeProperty(name: string): string;
    readonly length: number;
    item(index: number): string;
  };
  setAttribute(name: string, value: string): void;
}

/**
 * Sets the portal's theme tokens as `--cb-<name>` CSS variables and `data-theme` (light or dark)
 * on an element, usually `document.documentElement`. Tokens the new theme no longer has are
 * removed, so a page falls back to the stylesheet's defaults instead of keeping stale colours.
 *
 * @example
 * applyTheme(context.theme, document.documentElement);
 * bridge.onThemeChange((theme) => applyTheme(theme, document.documentElement));
 */
export function applyTheme(theme: ThemeTokens, element: ThemeTarget): void {
  const stale: string[] = [];
  for (let i = 0; i < element.style.length; i++) {
    const name = element.style.item(i);
    if (name.startsWith('--cb-') && !(name.slice(5) in theme.tokens)) stale.push(name);
  }
  for (const name of stale) element.style.removeProperty(name);
  for (const [name, value] of Object.entries(theme.tokens)) element.style.setProperty(`--cb-${name}`, value);
  element.setAttribute('data-theme', theme.dark ? 'dark' : 'light');
}
