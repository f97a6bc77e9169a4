import type { CommandService } from '@campusbase/iot-bridge';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { isUuid, withTenant } from '../db/tenant-scope.ts';
import type { IotPort } from './ports.ts';

/**
 * The app runtime's view of a school's devices. The device type an app sees is the device
 * profile's key (`gate`, `class-board`, …), which is what `iot:commands:<type>` scopes name.
 * Every query is tenant-scoped on the app role; commands go through the IoT command service, so
 * they are tracked (sent → acknowledged → done/failed/expired) like an admin's.
 *
 * @example
 * const port = appIotPort(db.app, iot.services.commands);
 */
export function appIotPort(db: Kysely<Database>, commands: CommandService): IotPort {
  return {
    async listDevices(tenantId, type) {
      const rows = await withTenant(db, tenantId, (trx) =>
        trx
          .selectFrom('iot_devices as d')
          .innerJoin('iot_device_profiles as p', (join) =>
            join.onRef('p.id', '=', 'd.profile_id').onRef('p.tenant_id', '=', 'd.tenant_id'),
          )
          .select(['d.id', 'p.key', 'd.name', 'd.online', 'd.org_unit_id'])
          .where('d.tenant_id', '=', tenantId)
          .where('p.key', '=', type)
          .where('d.status', '=', 'active')
          .orderBy('d.name')
          .limit(1000)
          .execute(),
      );
      return {
        items: rows.map((row) => ({
          id: row.id,
          type: row.key,
          name: row.name,
          online: row.online,
          orgUnitId: row.org_unit_id,
        })),
      };
    },
    async deviceType(tenantId, deviceId) {
      if (!isUuid(deviceId)) return null;
      const row = await withTenant(db, tenantId, (trx) =>
        trx
          .selectFrom('iot_devices as d')
          .innerJoin('iot_device_profiles as p', (join) =>
            join.onRef('p.id', '=', 'd.profile_id').onRef('p.tenant_id', '=', 'd.tenant_id'),
          )
          .select('p.key')
          .where('d.tenant_id', '=', tenantId)
          .where('d.id', '=', deviceId)
          .executeTakeFirst(),
      );
      return row?.key ?? null;
    },
    async sendCommand(tenantId, command) {
      const params = command.params;
      const ttl = command.ttlSeconds;
      const sent = await commands.send(tenantId, 'app', {
        deviceId: String(command.deviceId),
        name: String(command.command),
        ...(params && typeof params === 'object' && !Array.isArray(params)
          ? { params: params as Record<string, unknown> }
          : {}),
        ...(typeof ttl === 'number' ? { timeoutSeconds: ttl } : {}),
      });
      return { commandId: sent.id, status: sent.status === 'pending' ? 'queued' : 'sent' };
    },
  };
}
