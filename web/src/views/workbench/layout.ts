/**
 * The workbench layout: which widgets a person sees, in which order, and their quick links.
 * Pure functions over plain data, so the page, the storage and the tests share one model.
 */

export const widgetIds = ['todos', 'messages', 'apps', 'links', 'alarms'] as const;
export type WidgetId = (typeof widgetIds)[number];

export interface QuickLink {
  title: string;
  url: string;
}

export interface WorkbenchLayout {
  version: 1;
  order: WidgetId[];
  hidden: WidgetId[];
  links: QuickLink[];
}

export function isWidgetId(value: unknown): value is WidgetId {
  return typeof value === 'string' && (widgetIds as readonly string[]).includes(value);
}

/** Only http(s) and same-origin links: a stored `javascript:` URL must never become a link. */
export function isSafeLinkUrl(url: string): boolean {
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  return /^https?:\/\/[^\s]+$/i.test(url);
}

export function defaultLayout(): WorkbenchLayout {
  return { version: 1, order: [...widgetIds], hidden: [], links: [] };
}

/**
 * Turns whatever was stored (maybe by an older portal, maybe tampered with) into a valid layout:
 * unknown widgets are dropped, duplicates removed, and widgets added since are appended.
 */
export function normalizeLayout(
  stored: unknown,
  fallback: WorkbenchLayout = defaultLayout(),
): WorkbenchLayout {
  if (typeof stored !== 'object' || stored === null) return fallback;
  const value = stored as Partial<Record<keyof WorkbenchLayout, unknown>>;
  const order = [...new Set(Array.isArray(value.order) ? value.order.filter(isWidgetId) : [])];
  for (const id of fallback.order) if (!order.includes(id)) order.push(id);
  for (const id of widgetIds) if (!order.includes(id)) order.push(id);
  const hidden = [
    ...new Set(Array.isArray(value.hidden) ? value.hidden.filter(isWidgetId) : fallback.hidden),
  ];
  const links = Array.isArray(value.links)
    ? value.links
        .filter(
          (l): l is QuickLink =>
            typeof l === 'object' &&
            l !== null &&
            typeof (l as QuickLink).title === 'string' &&
            typeof (l as QuickLink).url === 'string' &&
            isSafeLinkUrl((l as QuickLink).url),
        )
        .slice(0, 24)
        .map((l) => ({ title: l.title.slice(0, 40), url: l.url }))
    : fallback.links;
  return { version: 1, order, hidden, links };
}

/** Drops `id` onto `target`: it takes the target's place, and the others keep their relative order. */
export function moveOnto(layout: WorkbenchLayout, id: WidgetId, target: WidgetId): WorkbenchLayout {
  if (id === target) return layout;
  const order = layout.order.filter((w) => w !== id);
  const from = layout.order.indexOf(id);
  const to = layout.order.indexOf(target);
  const at = order.indexOf(target) + (from < to ? 1 : 0);
  order.splice(at, 0, id);
  return { ...layout, order };
}

/** Moves a widget one place up (-1) or down (+1) among the visible ones (keyboard and touch). */
export function moveStep(layout: WorkbenchLayout, id: WidgetId, step: -1 | 1): WorkbenchLayout {
  const visible = layout.order.filter((w) => !layout.hidden.includes(w));
  const index = visible.indexOf(id);
  const neighbour = visible[index + step];
  if (index < 0 || !neighbour) return layout;
  return moveOnto(layout, id, neighbour);
}

export function setHidden(layout: WorkbenchLayout, id: WidgetId, hidden: boolean): WorkbenchLayout {
  const rest = layout.hidden.filter((w) => w !== id);
  return { ...layout, hidden: hidden ? [...rest, id] : rest };
}
