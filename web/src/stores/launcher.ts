import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { getLauncher, type LauncherApp } from '../api/apps.ts';

export interface AppMenuItem {
  key: string;
  installationId: string;
  page: string;
  title: { zh: string; en: string };
  icon: string | null;
  order: number;
}

/**
 * The apps a person can open in the active school (`GET /api/v1/apps/launcher`): the side menu,
 * the pinned-apps widget and the app host read it. Loaded once per school; the marketplace
 * reloads it after an install, enable, disable or uninstall.
 */
export const useLauncher = defineStore('launcher', () => {
  const apps = ref<LauncherApp[]>([]);
  const appOrigin = ref<string | null>(null);
  const loadedFor = ref<string | null>(null);
  const error = ref<string | null>(null);
  let pending: Promise<void> | null = null;

  /** Every manifest menu entry, ordered by the manifest's `order`, then app and page. */
  const menu = computed<AppMenuItem[]>(() =>
    apps.value
      .flatMap((app) =>
        app.pages.flatMap((page) =>
          page.menu
            ? [
                {
                  key: `app:${app.installationId}:${page.id}`,
                  installationId: app.installationId,
                  page: page.id,
                  title: page.menu.title,
                  icon: page.menu.icon,
                  order: page.menu.order,
                },
              ]
            : [],
        ),
      )
      .sort((a, b) => a.order - b.order || a.key.localeCompare(b.key)),
  );

  /** Loads the school's apps (again when `force`, or when the school changed). */
  function load(tenantId: string | null, force = false): Promise<void> {
    if (!force && loadedFor.value === tenantId && pending) return pending;
    loadedFor.value = tenantId;
    pending = (async () => {
      try {
        const launcher = await getLauncher();
        apps.value = launcher.items;
        appOrigin.value = launcher.appOrigin;
        error.value = null;
      } catch (e) {
        apps.value = [];
        error.value = e instanceof Error ? e.message : String(e);
      }
    })();
    return pending;
  }

  const refresh = () => load(loadedFor.value, true);
  const find = (installationId: string) =>
    apps.value.find((a) => a.installationId === installationId) ?? null;

  return { apps, appOrigin, error, menu, load, refresh, find };
});
