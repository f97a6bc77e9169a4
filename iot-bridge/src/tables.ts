import type { ColumnType, Generated, Selectable } from 'kysely';

/** JSON columns: read as parsed values, written as JSON text. */
type Json<T = unknown> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;

export type DeviceStatus = 'active' | 'disabled';
export type CommandStatus = 'pending' | 'sent' | 'acknowledged' | 'done' | 'failed' | 'expired';
export type AlarmSeverity = 'info' | 'warning' | 'critical';
export type AlarmOperator = '>' | '>=' | '<' | '<=' | '=' | '!=';

export interface IotDeviceProfilesTable {
  tenant_id: string;
  id: Generated<string>;
  /** Short key used in CSV imports and alarm rules, e.g. `gate`, `co2-sensor`. */
  key: string;
  name: string;
  telemetry_schema: Json<Record<string, unknown>>;
  event_schema: Json<Record<string, unknown>>;
  state_schema: Json<Record<string, unknown>>;
  /** A device is offline when nothing arrived for this long. */
  heartbeat_seconds: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface IotDeviceGroupsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  description: string | null;
  created_at: CreatedAt;
}

export interface IotDevicesTable {
  tenant_id: string;
  /** Also the MQTT username and the topic segment: `cb/{tenantCode}/{id}/…`. */
  id: Generated<string>;
  profile_id: string;
  name: string;
  serial: string | null;
  group_id: string | null;
  /** Where the device sits in the school's org tree (campus, building, class). */
  org_unit_id: string | null;
  location: string | null;
  /** SHA-256 (hex) of the device secret; secrets are 256-bit random, so a fast hash suffices. */
  secret_hash: string;
  status: ColumnType<DeviceStatus, DeviceStatus | undefined, DeviceStatus>;
  online: ColumnType<boolean, boolean | undefined, boolean>;
  last_seen_at: Date | null;
  online_changed_at: Date | null;
  state: Json<Record<string, unknown>> | null;
  state_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface IotTelemetryTable {
  tenant_id: string;
  device_id: string;
  ts: Date;
  msg_hash: number;
  received_at: ColumnType<Date, Date | undefined, never>;
  data: Json<Record<string, unknown>>;
}

export interface IotEventsTable {
  tenant_id: string;
  id: Generated<string>;
  device_id: string;
  ts: Date;
  type: string;
  msg_hash: number;
  data: Json<Record<string, unknown>>;
  received_at: ColumnType<Date, Date | undefined, never>;
  delivered_at: Date | null;
}

export interface IotDeadLettersTable {
  tenant_id: string;
  id: Generated<string>;
  device_id: string | null;
  topic: string;
  reason: string;
  payload: Buffer;
  received_at: ColumnType<Date, Date | undefined, never>;
}

export interface IotUnroutedTable {
  id: Generated<string>;
  topic: string;
  reason: string;
  payload: Buffer;
  received_at: ColumnType<Date, Date | undefined, never>;
}

export interface IotCommandsTable {
  tenant_id: string;
  /** The correlation id the device echoes in its reply. */
  id: Generated<string>;
  device_id: string;
  name: string;
  params: Json<Record<string, unknown>>;
  status: ColumnType<CommandStatus, CommandStatus | undefined, CommandStatus>;
  timeout_at: Date;
  result: Json<unknown> | null;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
  acknowledged_at: Date | null;
  finished_at: Date | null;
}

export interface IotAlarmRulesTable {
  tenant_id: string;
  id: Generated<string>;
  profile_id: string;
  name: string;
  field: string;
  operator: AlarmOperator;
  threshold: number;
  severity: AlarmSeverity;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

export interface IotAlarmsTable {
  tenant_id: string;
  id: Generated<string>;
  rule_id: string;
  device_id: string;
  severity: AlarmSeverity;
  status: ColumnType<'active' | 'cleared', 'active' | 'cleared' | undefined, 'active' | 'cleared'>;
  /** The status the AlarmNotifier last confirmed; a sweep re-sends until it equals `status`. */
  notified_status: ColumnType<'active' | 'cleared' | null, never, 'active' | 'cleared'>;
  value: number;
  last_value: number;
  occurrences: ColumnType<number, number | undefined, number>;
  raised_at: ColumnType<Date, Date | undefined, never>;
  cleared_at: Date | null;
}

/** Every table the IoT bridge owns; core adds this to its `Database`. */
export interface IotTables {
  iot_device_profiles: IotDeviceProfilesTable;
  iot_device_groups: IotDeviceGroupsTable;
  iot_devices: IotDevicesTable;
  iot_telemetry: IotTelemetryTable;
  iot_events: IotEventsTable;
  iot_dead_letters: IotDeadLettersTable;
  iot_unrouted: IotUnroutedTable;
  iot_commands: IotCommandsTable;
  iot_alarm_rules: IotAlarmRulesTable;
  iot_alarms: IotAlarmsTable;
}

export type DeviceProfile = Selectable<IotDeviceProfilesTable>;
export type Device = Selectable<IotDevicesTable>;
export type DeviceGroup = Selectable<IotDeviceGroupsTable>;
export type Command = Selectable<IotCommandsTable>;
export type AlarmRule = Selectable<IotAlarmRulesTable>;
export type Alarm = Selectable<IotAlarmsTable>;
