import type { Kysely, Transaction } from 'kysely';
import type { AlarmSeverity } from './tables.ts';
import type { IotTables } from './tables.ts';

/**
 * The ports the IoT bridge needs from its host. Core implements them (core/src/iot/ports.ts);
 * the bridge never imports core.
 */

export type IotDb = Kysely<IotTables> | Transaction<IotTables>;

/** Database access, tenant-scoped for requests and platform-wide for the ingest path. */
export interface IotDatabase {
  /**
   * Runs `work` in a transaction whose row-level security scope is one school (the app role).
   * Every registry read and write from a request goes through here.
   */
  withTenant<T>(tenantId: string, work: (trx: Transaction<IotTables>) => Promise<T>): Promise<T>;
  /**
   * The owner handle, for platform-wide work: broker authentication, ingest across schools,
   * partition maintenance, sweeps. Row-level security does not confine it.
   */
  owner: Kysely<IotTables>;
}

/** The schools, by national code (一校一码) and id. */
export interface TenantDirectory {
  byCode(code: string): Promise<{ id: string; code: string } | undefined>;
  byId(id: string): Promise<{ id: string; code: string } | undefined>;
}

export interface AuditEntry {
  tenantId: string;
  /** Person id of the admin, or a system actor such as `iot-bridge`. */
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

export interface AlarmNotice {
  tenantId: string;
  alarmId: string;
  deviceId: string;
  deviceName: string;
  ruleName: string;
  severity: AlarmSeverity;
  status: 'active' | 'cleared';
  field: string;
  value: number;
  at: Date;
}

/** Where alarms go: the message centre implements it (DESIGN.md §9). Must be idempotent per (alarmId, status). */
export interface AlarmNotifier {
  notify(notices: AlarmNotice[]): Promise<void>;
}

export interface DeviceEvent {
  /** Monotonic per platform; consumers may use it to drop a redelivered event. */
  id: string;
  tenantId: string;
  deviceId: string;
  /** e.g. `gate.swipe`; apps subscribe to `iot:events:<type>`. */
  type: string;
  ts: Date;
  data: Record<string, unknown>;
}

/**
 * Receives device events in batches, at least once: a batch is marked delivered only after
 * `deliver` resolves. The app runtime implements it to reach the installations that subscribed.
 */
export interface EventSink {
  deliver(events: DeviceEvent[]): Promise<void>;
}

/** The slice of a pino logger the bridge uses. */
export interface IotLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}
