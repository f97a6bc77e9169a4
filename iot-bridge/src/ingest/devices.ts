import type { Kysely } from 'kysely';
import type { TenantDirectory } from '../ports.ts';
import { validatorFor } from '../registry/schemas.ts';
import type { IotTables } from '../tables.ts';
import type { KnownDevice } from './parse.ts';
import { isUuid } from '../uuid.ts';

/**
 * Device facts for the ingest path, cached for `ttlMs` and loaded in one query per batch for the
 * devices not cached yet. A registry change calls `forget`.
 */
export function createDeviceCache(owner: Kysely<IotTables>, tenants: TenantDirectory, ttlMs = 30_000) {
  const cache = new Map<string, { device: KnownDevice | null; at: number }>();
  const codes = new Map<string, string>();

  return {
    get(id: string): KnownDevice | null | undefined {
      const hit = cache.get(id);
      if (!hit || Date.now() - hit.at > ttlMs) return undefined;
      return hit.device;
    },

    /**
     * The devices of one batch, loading those not cached (or expired) in one query. The answer is
     * the batch's own snapshot: an entry that expires while the batch is being assembled must not
     * turn its messages into "unknown device".
     */
    async load(ids: Iterable<string>): Promise<Map<string, KnownDevice | null>> {
      const found = new Map<string, KnownDevice | null>();
      const wanted: string[] = [];
      for (const id of new Set(ids)) {
        if (!isUuid(id)) continue;
        const hit = this.get(id);
        if (hit === undefined) wanted.push(id);
        else found.set(id, hit);
      }
      if (wanted.length === 0) return found;
      const rows = await owner
        .selectFrom('iot_devices as d')
        .innerJoin('iot_device_profiles as p', (join) =>
          join.onRef('p.tenant_id', '=', 'd.tenant_id').onRef('p.id', '=', 'd.profile_id'),
        )
        .select([
          'd.id',
          'd.tenant_id',
          'd.name',
          'd.status',
          'd.profile_id',
          'p.telemetry_schema',
          'p.event_schema',
          'p.state_schema',
        ])
        .where('d.id', 'in', wanted)
        .execute();
      const now = Date.now();
      for (const id of wanted) {
        cache.set(id, { device: null, at: now });
        found.set(id, null);
      }
      for (const row of rows) {
        let code = codes.get(row.tenant_id);
        if (!code) {
          code = (await tenants.byId(row.tenant_id))?.code;
          if (!code) continue;
          codes.set(row.tenant_id, code);
        }
        const device: KnownDevice = {
          id: row.id,
          tenantId: row.tenant_id,
          tenantCode: code,
          name: row.name,
          profileId: row.profile_id,
          active: row.status === 'active',
          telemetry: validatorFor(row.telemetry_schema),
          event: validatorFor(row.event_schema),
          state: validatorFor(row.state_schema),
        };
        cache.set(row.id, { at: now, device });
        found.set(row.id, device);
      }
      return found;
    },

    forget(id: string): void {
      cache.delete(id);
    },
  };
}

export type DeviceCache = ReturnType<typeof createDeviceCache>;
