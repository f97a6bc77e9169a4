import { sql, type Kysely } from 'kysely';
import type { IotTables } from '../tables.ts';

/**
 * Online/offline. Every message marks its device as seen in memory; `flush` writes the last-seen
 * times in one statement (so 10,000 msg/s do not become 10,000 row updates), and `sweep` turns
 * devices offline whose last message is older than their profile's heartbeat timeout. A last-will
 * message (`up/status` {"online":false}) turns a device offline at once, through the batch writer.
 */
export function createPresence(owner: Kysely<IotTables>) {
  let seen = new Map<string, { tenantId: string; at: number }>();

  return {
    seen(tenantId: string, deviceId: string, at: number): void {
      seen.set(deviceId, { tenantId, at });
    },
    /** A will message: the device's earlier sightings in memory must not turn it back online. */
    wentOffline(deviceId: string): void {
      seen.delete(deviceId);
    },
    async flush(): Promise<number> {
      if (seen.size === 0) return 0;
      const rows = [...seen.entries()];
      seen = new Map();
      await sql`
        UPDATE iot_devices d SET
          last_seen_at = greatest(d.last_seen_at, v.at),
          online_changed_at = CASE WHEN d.online THEN d.online_changed_at ELSE v.at END,
          online = true
        FROM unnest(${rows.map(([, s]) => s.tenantId)}::uuid[], ${rows.map(([id]) => id)}::uuid[],
          ${rows.map(([, s]) => new Date(s.at).toISOString())}::timestamptz[]) AS v(tenant_id, id, at)
        WHERE d.tenant_id = v.tenant_id AND d.id = v.id
          AND (d.online_changed_at IS NULL OR d.online OR v.at > d.online_changed_at)`.execute(owner);
      return rows.length;
    },
    async sweep(): Promise<Array<{ tenantId: string; deviceId: string }>> {
      const { rows } = await sql<{ tenant_id: string; id: string }>`
        UPDATE iot_devices d SET online = false, online_changed_at = now()
        FROM iot_device_profiles p
        WHERE d.online AND p.tenant_id = d.tenant_id AND p.id = d.profile_id
          AND d.last_seen_at < now() - p.heartbeat_seconds * interval '1 second'
        RETURNING d.tenant_id, d.id`.execute(owner);
      return rows.map((r) => ({ tenantId: r.tenant_id, deviceId: r.id }));
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
