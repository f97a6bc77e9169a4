/**
 * `@campusbase/plugin-sdk/ui`: what an app page imports. Pages run in the portal's sandboxed
 * iframe; esbuild (`campusbase-app build`) bundles this module into each top-level page script.
 *
 * - the bridge client (`connectBridge`): context, the app's own routes, dialogs, toasts, navigation;
 * - the page kit (`createPage`): the theme stylesheet that follows the portal's theme and dark
 *   mode, loading and error states, frame sizing, the locale and the page's labels;
 * - DOM helpers that set text, never HTML (`byId`, `h`, `fillRows`, `fillHead`, `fillOptions`);
 * - campus-clock formatting (`campusDate`, `campusClock`, `formatDateRange`, `formatYuan`).
 *
 * @example
 * import { byId, createPage, fillRows, h } from '@campusbase/plugin-sdk/ui';
 * const page = createPage();
 * page.start(async () => {
 *   const notices = await page.bridge.api.get('/notices');
 *   fillRows(byId('list'), notices, (n) => [n.title, h('span', n.pinned ? '置顶' : '', { class: 'tag' })], { empty: '暂无公告' });
 * });
 * if (await page.bridge.confirm({ title: '删除公告', message: '确定删除吗？', danger: true })) { … }
 */
export type { BridgeContext, NavigationTarget, ThemeTokens } from '../bridge/protocol.ts';
export {
  type Bridge,
  type BridgeMessageEvent,
  type BridgeWindow,
  type ConnectOptions,
  connectBridge,
} from './bridge.ts';
export {
  byId,
  fillHead,
  fillOptions,
  fillRows,
  h,
  type UiContent,
  type UiDocument,
  type UiElement,
} from './dom.ts';
export { campusClock, campusDate, formatDateRange, formatYuan } from './format.ts';
export { defineLabels, type LabelCatalogue, type Labels } from './labels.ts';
export { createPage, errorText, type Page, type PageDocument, type PageOptions } from './page.ts';
export { applyTheme, THEME_CSS, type ThemeTarget } from './theme.ts';
