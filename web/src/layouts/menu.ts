import {
  Bell,
  Calendar,
  CircleCheck,
  Cpu,
  DataAnalysis,
  DataLine,
  Document,
  Grid,
  House,
  Lock,
  Notification,
  OfficeBuilding,
  Reading,
  Setting,
  Shop,
  Upload,
  User,
} from '@element-plus/icons-vue';
import type { Component } from 'vue';
import type { RouteLocationRaw } from 'vue-router';

export interface MenuEntry {
  key: string;
  /** i18n key, or a literal label when `literal` is set (app menu entries come from manifests). */
  label: string;
  literal?: boolean;
  icon: Component;
  to: RouteLocationRaw;
  /** A live count shown beside the entry (the unread messages). */
  badge?: 'unread';
  /** Shown only to people who hold this permission in the active school. */
  permission?: string;
}

/** The portal's own pages. Consoles join this list as their backends land. */
export const portalMenu: MenuEntry[] = [
  { key: 'workbench', label: 'shell.workbench', icon: House, to: { name: 'workbench' } },
  { key: 'messages', label: 'shell.messages', icon: Bell, to: { name: 'messages' }, badge: 'unread' },
  { key: 'marketplace', label: 'market.title', icon: Shop, to: { name: 'marketplace' } },
  {
    key: 'market-vendor',
    label: 'marketOps.vendor.title',
    icon: Document,
    to: { name: 'market-vendor' },
    permission: 'marketplace:publish',
  },
  {
    key: 'market-review',
    label: 'marketOps.review.title',
    icon: CircleCheck,
    to: { name: 'market-review' },
    permission: 'marketplace:review',
  },
  {
    key: 'market-bureau',
    label: 'marketOps.bureau.title',
    icon: Shop,
    to: { name: 'market-bureau' },
    permission: 'bureau:aggregates:read',
  },
  {
    key: 'people',
    label: 'org.title',
    icon: OfficeBuilding,
    to: { name: 'people' },
    permission: 'people:read',
  },
  {
    key: 'people-import',
    label: 'peopleImport.title',
    icon: Upload,
    to: { name: 'people-import' },
    permission: 'people:write',
  },
  {
    key: 'devices',
    label: 'devices.title',
    icon: Cpu,
    to: { name: 'devices' },
    permission: 'devices:manage',
  },
  {
    key: 'bureau',
    label: 'bureau.title',
    icon: DataAnalysis,
    to: { name: 'bureau' },
    permission: 'bureau:aggregates:read',
  },
  {
    key: 'admin-security',
    label: 'admin.title',
    icon: Setting,
    to: { name: 'admin-security' },
    permission: 'audit:read',
  },
  { key: 'security', label: 'security.title', icon: Lock, to: { name: 'security' } },
];

export const appIcon = Grid;

/** Manifest icon names (`ui.pages[].menu.icon`) in the portal's icon set; others show `appIcon`. */
const appIcons: Record<string, Component> = {
  notice: Notification,
  chart: DataLine,
  check: CircleCheck,
  calendar: Calendar,
  user: User,
  document: Document,
  book: Reading,
  settings: Setting,
  device: Cpu,
};

export const appIconOf = (name: string | null | undefined): Component =>
  (name ? appIcons[name] : undefined) ?? appIcon;

/**
 * The apps' menu entries (from their manifests, via the launcher) as side-menu entries, with the
 * title in the portal's language.
 */
export function appMenuEntries(
  items: ReadonlyArray<{
    key: string;
    installationId: string;
    page: string;
    title: { zh: string; en: string };
    icon: string | null;
  }>,
  locale: string,
): MenuEntry[] {
  return items.map((item) => ({
    key: item.key,
    label: locale === 'en' ? item.title.en : item.title.zh,
    literal: true,
    icon: appIconOf(item.icon),
    to: { name: 'app', params: { installationId: item.installationId, page: item.page } },
  }));
}
