import type { Migration } from 'kysely/migration';
import * as registry from './2026-11-21T1200_iot_registry.ts';
import * as telemetry from './2026-11-21T1210_iot_telemetry.ts';

export type { IotTables } from '../tables.ts';

/** The IoT bridge's migrations, merged by core into `platformMigrations()`. */
export const iotMigrations: Record<string, Migration> = {
  '2026-11-21T1200_iot_registry': registry,
  '2026-11-21T1210_iot_telemetry': telemetry,
};
