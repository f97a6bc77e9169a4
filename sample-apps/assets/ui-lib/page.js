// Shared by the pages: the bridge, the theme, small DOM helpers and error toasts. Pages run in the
// portal's sandboxed iframe and reach the app only through the bridge.
import { applyTheme, connectBridge } from '@campusbase/plugin-sdk/ui';

export const bridge = connectBridge();
export const $ = (id) => document.getElementById(id);

/** Starts a page: theme (and its changes), then `main(context)`; errors become a toast. */
export function start(main) {
  bridge
    .context()
    .then((context) => {
      applyTheme(context.theme, document.documentElement);
      bridge.onThemeChange((theme) => applyTheme(theme, document.documentElement));
      return main(context);
    })
    .then(fit)
    .catch(fail);
}

/** Shows the zh-CN text of a platform or app error. */
export function fail(error) {
  return bridge.toast('error', error?.text?.zh ?? error?.message ?? String(error));
}

export function fit() {
  return bridge.resize(document.documentElement.scrollHeight);
}

/** An element with text content and optional attributes: `h('td', '张小明', { class: 'tag' })`. */
export function h(tag, content = '', attributes = {}) {
  const element = document.createElement(tag);
  if (content instanceof Node) element.append(content);
  else element.textContent = String(content);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** Fills a <tbody> with rows of cells (strings or elements). */
export function rows(tbody, data, cells) {
  tbody.replaceChildren(
    ...data.map((item) => {
      const row = h('tr');
      for (const cell of cells(item)) row.append(h('td', cell));
      return row;
    }),
  );
}

export function options(select, items, label = (item) => item.name, value = (item) => item.id) {
  select.replaceChildren(...items.map((item) => h('option', label(item), { value: value(item) })));
}

/** Today on the campus calendar (UTC+8). */
export function today() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function clock(iso) {
  return iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16) : '';
}

export const isStaff = (user) => user.kind === 'teacher' || user.kind === 'staff' || user.isAdmin;
