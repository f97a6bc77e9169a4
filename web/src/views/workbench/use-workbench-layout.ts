import { ref, shallowRef } from 'vue';
import { readStored, removeStored, writeStored } from '../../composables/storage.ts';
import {
  defaultLayout,
  moveOnto,
  moveStep,
  normalizeLayout,
  type QuickLink,
  setHidden,
  type WidgetId,
  type WorkbenchLayout,
} from './layout.ts';

/** Where a person's layout is kept. */
export interface LayoutStorage {
  load(): Promise<unknown>;
  /** Resolves with where it was saved, so the page can say so. */
  save(layout: WorkbenchLayout): Promise<'server' | 'device'>;
  clear(): Promise<void>;
}

/** This device's localStorage, one key per school and person. */
export function deviceLayoutStorage(key: string): LayoutStorage {
  const always = (v: unknown): v is unknown => v !== undefined;
  return {
    load: async () => readStored(key, always),
    save: async (layout) => {
      writeStored(key, layout);
      return 'device';
    },
    clear: async () => removeStored(key),
  };
}

export function layoutKey(tenant: string | null, person: string | null): string {
  return `cb.workbench.${tenant ?? 'none'}.${person ?? 'anonymous'}`;
}

/**
 * The workbench layout as reactive state, loaded from and saved to a `LayoutStorage`. The
 * school's default for the person's roles is the starting point and what "reset" returns to.
 *
 * @example
 * const wb = useWorkbenchLayout(deviceLayoutStorage(layoutKey(tenantId, userId)));
 * await wb.load();
 * await wb.drop('alarms', 'todos');
 */
export function useWorkbenchLayout(storage: LayoutStorage, defaults: () => WorkbenchLayout = defaultLayout) {
  const layout = shallowRef<WorkbenchLayout>(defaults());
  const loaded = ref(false);
  const savedTo = ref<'server' | 'device' | null>(null);

  async function load() {
    try {
      const stored = await storage.load();
      layout.value = stored === null ? defaults() : normalizeLayout(stored, defaults());
    } finally {
      loaded.value = true;
    }
  }

  async function commit(next: WorkbenchLayout) {
    if (next === layout.value) return;
    layout.value = next;
    savedTo.value = await storage.save(next);
  }

  return {
    layout,
    loaded,
    savedTo,
    load,
    drop: (id: WidgetId, target: WidgetId) => commit(moveOnto(layout.value, id, target)),
    step: (id: WidgetId, step: -1 | 1) => commit(moveStep(layout.value, id, step)),
    hide: (id: WidgetId, hidden: boolean) => commit(setHidden(layout.value, id, hidden)),
    setLinks: (links: QuickLink[]) => commit(normalizeLayout({ ...layout.value, links }, defaults())),
    async reset() {
      await storage.clear();
      layout.value = defaults();
      savedTo.value = null;
    },
  };
}
