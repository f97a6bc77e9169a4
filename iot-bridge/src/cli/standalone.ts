import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { AlarmNotifier, EventSink, IotLogger, TenantDirectory } from '../ports.ts';
import type { IotTables } from '../tables.ts';

/**
 * Ports for running the bridge or the simulator outside `campusbase start` (a separate bridge
 * process, the bench, the CLI): an owner pool, a tenant directory over the `tenants` table, and
 * log-only event and alarm sinks. Inside the platform, core provides the real ports.
 */
export function standalonePorts(databaseUrl: string, logger: IotLogger) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 6, application_name: 'campusbase-iot' });
  const owner = new Kysely<IotTables>({ dialect: new PostgresDialect({ pool }) });
  const codes = new Map<string, { id: string; code: string }>();
  const tenants: TenantDirectory = {
    async byCode(code) {
      const { rows } = await sql<{
        id: string;
        code: string;
      }>`SELECT id, code FROM tenants WHERE code = ${code}`.execute(owner);
      return rows[0];
    },
    async byId(id) {
      const hit = codes.get(id);
      if (hit) return hit;
      const { rows } = await sql<{
        id: string;
        code: string;
      }>`SELECT id, code FROM tenants WHERE id = ${id}`.execute(owner);
      if (rows[0]) codes.set(id, rows[0]);
      return rows[0];
    },
  };
  const events: EventSink = {
    async deliver(batch) {
      logger.debug({ events: batch.length }, 'device events (no app runtime in this process)');
    },
  };
  const alarms: AlarmNotifier = {
    async notify(notices) {
      for (const notice of notices) logger.warn({ ...notice }, 'device alarm');
    },
  };
  return { owner, tenants, events, alarms, close: () => owner.destroy() };
}

/** A minimal JSON-lines logger for the CLI. */
export function cliLogger(level: 'debug' | 'info' | 'warn' = 'info'): IotLogger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 };
  const line = (lvl: keyof typeof order) => (obj: object, msg?: string) => {
    if (order[lvl] >= order[level])
      process.stderr.write(
        `${JSON.stringify({ level: lvl, time: new Date().toISOString(), msg, ...obj })}\n`,
      );
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
