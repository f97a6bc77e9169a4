/**
 * Small DOM helpers for app pages, typed by the few members they use so the SDK needs no DOM
 * library: the browser's real elements satisfy these interfaces. Everything is set as text or
 * attributes, never as HTML, so data from the app's routes cannot inject markup.
 */

/** The element members the helpers use. */
export interface UiElement {
  textContent: string | null;
  append(...nodes: Array<UiElement | string>): void;
  replaceChildren(...nodes: Array<UiElement | string>): void;
  setAttribute(name: string, value: string): void;
}

/** The document members the helpers use. */
export interface UiDocument {
  createElement(tag: string): UiElement;
  getElementById(id: string): UiElement | null;
}

/** What `h` and `fillRows` accept as content: text, a number, an element, or several of them. */
export type UiContent = string | number | UiElement | null | undefined | ReadonlyArray<UiContent>;

const pageDocument = (): UiDocument => (globalThis as unknown as { document: UiDocument }).document;

function nodesOf(content: UiContent): Array<UiElement | string> {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return [content];
  if (typeof content === 'number') return [String(content)];
  if (Array.isArray(content)) return (content as ReadonlyArray<UiContent>).flatMap(nodesOf);
  return [content as UiElement];
}

/**
 * The element with this id; throws a clear error when the page's HTML has none (a typo shows at
 * once instead of as `cannot read properties of null`).
 *
 * @example
 * const select = byId<HTMLSelectElement>('class');
 */
export function byId<E extends UiElement = UiElement>(id: string, document: UiDocument = pageDocument()): E {
  const element = document.getElementById(id);
  if (!element) throw new TypeError(`byId: the page has no element with id="${id}"`);
  return element as E;
}

/**
 * A new element with text (or child elements) and attributes.
 *
 * @example
 * h('span', '出勤', { class: 'tag present' });
 * h('td', [h('b', '张小明'), ' 三年级(2)班']);
 */
export function h<E extends UiElement = UiElement>(
  tag: string,
  content: UiContent = '',
  attributes: { readonly [name: string]: string } = {},
  document: UiDocument = pageDocument(),
): E {
  const element = document.createElement(tag);
  element.append(...nodesOf(content));
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element as E;
}

/**
 * Fills a `<tbody>` with one row per item; `cells` gives each row's cells. With `empty`, a list
 * without items shows one row with that text across `columns` cells.
 *
 * @example
 * fillRows(byId('list'), students, (s) => [s.name, h('span', s.status, { class: 'tag' })], { empty: '暂无数据', columns: 2 });
 */
export function fillRows<T>(
  tbody: UiElement,
  items: ReadonlyArray<T>,
  cells: (item: T) => ReadonlyArray<UiContent>,
  options: { readonly empty?: string; readonly columns?: number; readonly document?: UiDocument } = {},
): void {
  const document = options.document ?? pageDocument();
  if (items.length === 0 && options.empty !== undefined) {
    const cell = h(
      'td',
      options.empty,
      { class: 'cb-empty', colspan: String(options.columns ?? 1) },
      document,
    );
    tbody.replaceChildren(h('tr', cell, {}, document));
    return;
  }
  tbody.replaceChildren(
    ...items.map((item) =>
      h(
        'tr',
        cells(item).map((content) => h('td', content, {}, document)),
        {},
        document,
      ),
    ),
  );
}

/** Fills a `<thead>` with one row of column titles. */
export function fillHead(thead: UiElement, titles: ReadonlyArray<string>, document?: UiDocument): void {
  const doc = document ?? pageDocument();
  thead.replaceChildren(
    h(
      'tr',
      titles.map((title) => h('th', title, {}, doc)),
      {},
      doc,
    ),
  );
}

/**
 * Fills a `<select>` with options; by default each item's `name` is the label and its `id` the value.
 *
 * @example
 * fillOptions(byId('class'), classes);
 * fillOptions(byId('status'), Object.entries(STATUS), ([, label]) => label, ([value]) => value);
 */
export function fillOptions<T>(
  select: UiElement,
  items: ReadonlyArray<T>,
  label: (item: T) => string = (item) => String((item as { name?: unknown }).name ?? ''),
  value: (item: T) => string = (item) => String((item as { id?: unknown }).id ?? ''),
  document?: UiDocument,
): void {
  const doc = document ?? pageDocument();
  select.replaceChildren(...items.map((item) => h('option', label(item), { value: value(item) }, doc)));
}
