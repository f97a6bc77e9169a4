import type {
  AlarmNotifier,
  AuditLog,
  EventSink,
  IotDatabase,
  IotTables,
  TenantDirectory,
} from '@campusbase/iot-bridge';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { Databases } from '../db/index.ts';
import { withTenant, isUuid } from '../db/tenant-scope.ts';
import type { Logger } from '../logger.ts';
import { findTenantByCode, findTenantById } from '../tenancy/tenancy.repository.ts';

/**
 * The message centre and the app runtime start after the IoT bridge (they need its services), so
 * they connect as consumers afterwards, per platform (keyed by its databases).
 */
const consumers = new WeakMap<Databases, { alarms?: AlarmNotifier; events?: EventSink }>();

/** Routes IoT alarms to the message centre and device events to the app runtime. */
export function connectIotConsumers(
  db: Databases,
  targets: { alarms?: AlarmNotifier; events?: EventSink },
): void {
  consumers.set(db, { ...consumers.get(db), ...targets });
}

/**
 * Core's side of the IoT bridge's ports. Requests reach the registry through the app role in a
 * tenant scope (RLS); the ingest path, broker auth and sweeps use the owner handle, because one
 * batch holds messages of many schools (see ARCHITECTURE.md, IoT).
 */
export function iotPorts(db: Databases, logger: Logger) {
  const database: IotDatabase = {
    withTenant: <T>(tenantId: string, work: (trx: Transaction<IotTables>) => Promise<T>) =>
      withTenant(db.app, tenantId, (trx) => work(trx as unknown as Transaction<IotTables>)),
    owner: db.owner as unknown as Kysely<IotTables>,
  };

  const cache = new Map<string, { id: string; code: string }>();
  const tenants: TenantDirectory = {
    async byCode(code) {
      const row = await findTenantByCode(db.owner, code);
      return row?.status === 'active' ? { id: row.id, code: row.code } : undefined;
    },
    async byId(id) {
      if (!isUuid(id)) return undefined;
      const hit = cache.get(id);
      if (hit) return hit;
      const row = await findTenantById(db.owner, id);
      if (row?.status !== 'active') return undefined;
      const entry = { id: row.id, code: row.code };
      cache.set(id, entry);
      return entry;
    },
  };

  const audit: AuditLog = {
    async record(entry) {
      await appendAudit(db.owner, {
        tenantId: entry.tenantId,
        actorPersonId: isUuid(entry.actor) ? entry.actor : null,
        action: entry.action,
        targetType: entry.action.split('.').slice(0, 2).join('.'),
        targetId: entry.target,
        result: 'success',
        details: { ...entry.details, ...(isUuid(entry.actor) ? {} : { actor: entry.actor }) },
      });
    },
  };

  // Alarms are stored (iot_alarms) and logged, and go to the message centre once it is connected.
  const alarms: AlarmNotifier = {
    async notify(notices) {
      await consumers.get(db)?.alarms?.notify(notices);
      for (const notice of notices) {
        logger.warn(
          { tenant: notice.tenantId, alarm: notice },
          `设备告警 ${notice.status === 'active' ? '触发' : '解除'}：${notice.deviceName} ${notice.ruleName}`,
        );
      }
    },
  };

  // Device events reach the installations that subscribed, once the app runtime is connected.
  const events: EventSink = {
    async deliver(batch) {
      await consumers.get(db)?.events?.deliver(batch);
      logger.debug(
        { events: batch.length, types: [...new Set(batch.map((e) => e.type))] },
        'device events delivered',
      );
    },
  };

  return { database, tenants, audit, alarms, events };
}

export type IotPorts = ReturnType<typeof iotPorts>;
