import { sql, type Kysely } from 'kysely';
import type { EventSink } from '../ports.ts';
import type { IotTables } from '../tables.ts';

/**
 * Delivers stored device events to the EventSink in batches, at least once: rows are locked
 * (SKIP LOCKED, so several bridges share the work), handed over, and marked delivered in the same
 * transaction only after `deliver` resolved. A failed delivery rolls back and is retried.
 * Returns the number of events delivered.
 */
export async function dispatchEvents(
  owner: Kysely<IotTables>,
  sink: EventSink,
  batchSize = 500,
): Promise<number> {
  return owner.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      tenant_id: string;
      id: string;
      device_id: string;
      type: string;
      ts: Date;
      data: Record<string, unknown>;
    }>`
      SELECT tenant_id, id::text AS id, device_id, type, ts, data FROM iot_events
      WHERE delivered_at IS NULL ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`.execute(trx);
    if (rows.length === 0) return 0;
    await sink.deliver(
      rows.map((r) => ({
        id: r.id,
        tenantId: r.tenant_id,
        deviceId: r.device_id,
        type: r.type,
        ts: r.ts,
        data: r.data,
      })),
    );
    await sql`UPDATE iot_events SET delivered_at = now()
      WHERE (tenant_id, id) IN (SELECT * FROM unnest(${rows.map((r) => r.tenant_id)}::uuid[], ${rows.map((r) => r.id)}::int8[]))`.execute(
      trx,
    );
    return rows.length;
  });
}
