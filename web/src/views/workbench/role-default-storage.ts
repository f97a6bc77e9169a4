import { putWorkbenchDefaults, type WorkbenchDefaults } from '../../api/workbench.ts';
import type { WorkbenchLayout } from './layout.ts';
import type { LayoutStorage } from './use-workbench-layout.ts';

/**
 * A `LayoutStorage` over one role's entry of the school's defaults: saving writes the whole map
 * back (`PUT /api/v1/workbench/defaults`), so the editor reuses the workbench's drag and drop.
 */
export function roleDefaultStorage(defaults: { value: WorkbenchDefaults }, role: string): LayoutStorage {
  const write = async (next: WorkbenchDefaults) => {
    defaults.value = (await putWorkbenchDefaults(next)).defaults;
  };
  return {
    load: async () => defaults.value[role] ?? null,
    async save(layout: WorkbenchLayout) {
      const { order, hidden, links } = layout;
      await write({ ...defaults.value, [role]: { order, hidden, links } });
      return 'server';
    },
    async clear() {
      const { [role]: _removed, ...rest } = defaults.value;
      await write(rest);
    },
  };
}
