import type { Migration } from 'kysely/migration';
import * as catalogue from './2026-11-21T1500_marketplace_catalogue.ts';
import * as schools from './2026-11-21T1510_marketplace_schools.ts';
import * as picksByAncestry from './2026-11-22T0110_marketplace_picks_by_ancestry.ts';

export type * from '../tables.ts';

/** The marketplace's migrations, merged by core into `platformMigrations()`. */
export const marketplaceMigrations: Record<string, Migration> = {
  '2026-11-21T1500_marketplace_catalogue': catalogue,
  '2026-11-21T1510_marketplace_schools': schools,
  '2026-11-22T0110_marketplace_picks_by_ancestry': picksByAncestry,
};
