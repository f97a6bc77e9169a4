import type { Kysely } from 'kysely';
import { hashDeviceSecret, newDeviceSecret } from '../secrets.ts';
import type { IotTables } from '../tables.ts';
import { type DeviceType, demoProfiles } from './profiles.ts';

export interface SimDevice {
  id: string;
  secret: string;
  tenantCode: string;
  type: DeviceType;
}

/**
 * Makes sure a school has `count` simulated devices of a type (serials `SIM-<type>-0001…`), with
 * the type's profile, and gives each a fresh secret (the registry keeps only hashes). A platform
 * tool: it writes with the owner handle.
 */
export async function provisionSimulatedDevices(
  owner: Kysely<IotTables>,
  school: { id: string; code: string },
  type: DeviceType,
  count: number,
): Promise<SimDevice[]> {
  const spec = demoProfiles.find((p) => p.key === type)!;
  return owner.transaction().execute(async (trx) => {
    await trx
      .insertInto('iot_device_profiles')
      .values({
        tenant_id: school.id,
        key: spec.key,
        name: spec.name,
        heartbeat_seconds: spec.heartbeatSeconds,
        telemetry_schema: JSON.stringify(spec.telemetrySchema),
        event_schema: JSON.stringify(spec.eventSchema),
        state_schema: JSON.stringify(spec.stateSchema),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
      .execute();
    const profile = await trx
      .selectFrom('iot_device_profiles')
      .select('id')
      .where('tenant_id', '=', school.id)
      .where('key', '=', type)
      .executeTakeFirstOrThrow();
    const devices: SimDevice[] = [];
    const rows = Array.from({ length: count }, (_, i) => {
      const secret = newDeviceSecret();
      return {
        secret,
        serial: `SIM-${type}-${String(i + 1).padStart(4, '0')}`,
        name: `模拟${spec.name}-${String(i + 1).padStart(4, '0')}`,
      };
    });
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const saved = await trx
        .insertInto('iot_devices')
        .values(
          chunk.map((r) => ({
            tenant_id: school.id,
            profile_id: profile.id,
            name: r.name,
            serial: r.serial,
            secret_hash: hashDeviceSecret(r.secret),
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'serial'])
            .where('serial', 'is not', null)
            .doUpdateSet((eb) => ({ secret_hash: eb.ref('excluded.secret_hash'), updated_at: new Date() })),
        )
        .returning(['id', 'serial'])
        .execute();
      const bySerial = new Map(chunk.map((r) => [r.serial, r.secret]));
      for (const row of saved)
        devices.push({ id: row.id, secret: bySerial.get(row.serial!)!, tenantCode: school.code, type });
    }
    return devices;
  });
}
