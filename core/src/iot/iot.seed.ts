import { demoProfiles, hashDeviceSecret, newDeviceSecret } from '@campusbase/iot-bridge';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { demoSeedSteps } from '../seed/demo.ts';

interface DemoDevice {
  name: string;
  profile: string;
  serial: string;
  group: string;
  location: string;
  /** An org unit to place the device under, by name, when the org tree has it. */
  orgUnit?: string;
}

const middleSchool: DemoDevice[] = [
  { name: '东门闸机', profile: 'gate', serial: 'DS-K3B411-YJ-E01', group: '校门', location: '东门' },
  { name: '西门闸机', profile: 'gate', serial: 'DS-K3B411-YJ-W01', group: '校门', location: '西门' },
  {
    name: '食堂刷卡机',
    profile: 'card-reader',
    serial: 'ZK-CR200-YJ-0001',
    group: '一卡通',
    location: '学生食堂一楼',
  },
  {
    name: '图书馆刷卡机',
    profile: 'card-reader',
    serial: 'ZK-CR200-YJ-0002',
    group: '一卡通',
    location: '图书馆入口',
  },
  {
    name: '七年级(1)班电子班牌',
    profile: 'class-board',
    serial: 'SW-BP215-YJ-0701',
    group: '电子班牌',
    location: '教学楼A栋201',
    orgUnit: '七年级(1)班',
  },
  {
    name: '七年级(2)班电子班牌',
    profile: 'class-board',
    serial: 'SW-BP215-YJ-0702',
    group: '电子班牌',
    location: '教学楼A栋202',
    orgUnit: '七年级(2)班',
  },
  {
    name: '八年级(3)班电子班牌',
    profile: 'class-board',
    serial: 'SW-BP215-YJ-0803',
    group: '电子班牌',
    location: '教学楼B栋303',
    orgUnit: '八年级(3)班',
  },
  {
    name: '七年级(1)班教室环境传感器',
    profile: 'classroom-sensor',
    serial: 'AQ-CO2T-YJ-0701',
    group: '教室环境',
    location: '教学楼A栋201',
    orgUnit: '七年级(1)班',
  },
  {
    name: '七年级(2)班教室环境传感器',
    profile: 'classroom-sensor',
    serial: 'AQ-CO2T-YJ-0702',
    group: '教室环境',
    location: '教学楼A栋202',
    orgUnit: '七年级(2)班',
  },
  {
    name: '八年级(3)班教室环境传感器',
    profile: 'classroom-sensor',
    serial: 'AQ-CO2T-YJ-0803',
    group: '教室环境',
    location: '教学楼B栋303',
    orgUnit: '八年级(3)班',
  },
  {
    name: '校园气象站',
    profile: 'weather-station',
    serial: 'WS-600-YJ-0001',
    group: '气象',
    location: '综合楼楼顶',
  },
];

const primarySchool: DemoDevice[] = [
  { name: '东门闸机', profile: 'gate', serial: 'DS-K3B411-FL-E01', group: '校门', location: '东门' },
  { name: '西门闸机', profile: 'gate', serial: 'DS-K3B411-FL-W01', group: '校门', location: '西门' },
  {
    name: '三年级(2)班电子班牌',
    profile: 'class-board',
    serial: 'SW-BP215-FL-0302',
    group: '电子班牌',
    location: '教学楼302',
    orgUnit: '三年级(2)班',
  },
  {
    name: '三年级(2)班教室环境传感器',
    profile: 'classroom-sensor',
    serial: 'AQ-CO2T-FL-0302',
    group: '教室环境',
    location: '教学楼302',
    orgUnit: '三年级(2)班',
  },
  {
    name: '校园气象站',
    profile: 'weather-station',
    serial: 'WS-600-FL-0001',
    group: '气象',
    location: '操场东侧',
  },
];

async function seedSchool(db: Kysely<Database>, tenantId: string, devices: DemoDevice[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const p of demoProfiles) {
      await trx
        .insertInto('iot_device_profiles')
        .values({
          tenant_id: tenantId,
          key: p.key,
          name: p.name,
          heartbeat_seconds: p.heartbeatSeconds,
          telemetry_schema: JSON.stringify(p.telemetrySchema),
          event_schema: JSON.stringify(p.eventSchema),
          state_schema: JSON.stringify(p.stateSchema),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .execute();
    }
    const profiles = new Map(
      (
        await trx
          .selectFrom('iot_device_profiles')
          .select(['id', 'key'])
          .where('tenant_id', '=', tenantId)
          .execute()
      ).map((p) => [p.key, p.id]),
    );
    for (const group of new Set(devices.map((d) => d.group))) {
      await trx
        .insertInto('iot_device_groups')
        .values({ tenant_id: tenantId, name: group, description: null })
        .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
        .execute();
    }
    const groups = new Map(
      (
        await trx
          .selectFrom('iot_device_groups')
          .select(['id', 'name'])
          .where('tenant_id', '=', tenantId)
          .execute()
      ).map((g) => [g.name, g.id]),
    );
    const units = new Map<string, string>();
    const hasOrg = await sql<{ t: string | null }>`SELECT to_regclass('org_units')::text AS t`.execute(trx);
    if (hasOrg.rows[0]?.t) {
      const { rows } = await sql<{
        id: string;
        name: string;
      }>`SELECT id, name FROM org_units WHERE tenant_id = ${tenantId}`.execute(trx);
      for (const row of rows) units.set(row.name, row.id);
    }
    for (const d of devices) {
      await trx
        .insertInto('iot_devices')
        .values({
          tenant_id: tenantId,
          profile_id: profiles.get(d.profile)!,
          name: d.name,
          serial: d.serial,
          group_id: groups.get(d.group) ?? null,
          org_unit_id: (d.orgUnit && units.get(d.orgUnit)) || null,
          location: d.location,
          // Demo devices get a random secret nobody knows: rotate it in 设备管理 to connect one.
          secret_hash: hashDeviceSecret(newDeviceSecret()),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'serial']).where('serial', 'is not', null).doNothing())
        .execute();
    }
    const sensor = profiles.get('classroom-sensor')!;
    const existing = await trx
      .selectFrom('iot_alarm_rules')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('profile_id', '=', sensor)
      .where('field', '=', 'co2')
      .executeTakeFirst();
    if (!existing) {
      await trx
        .insertInto('iot_alarm_rules')
        .values({
          tenant_id: tenantId,
          profile_id: sensor,
          name: '教室二氧化碳浓度超标（>1500 ppm），请开窗通风',
          field: 'co2',
          operator: '>',
          threshold: 1500,
          severity: 'warning',
        })
        .execute();
    }
  });
}

demoSeedSteps.push({
  name: 'iot-devices',
  async run(db, tenants) {
    const middle = tenants.get('school-middle');
    const primary = tenants.get('school-primary');
    if (middle) await seedSchool(db, middle, middleSchool);
    if (primary) await seedSchool(db, primary, primarySchool);
  },
});
