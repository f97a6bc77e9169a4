import { sql, type Transaction } from 'kysely';
import type { AlarmVerdict } from '../alarms/evaluate.ts';
import type { IotTables } from '../tables.ts';

export interface IngestBatch {
  telemetry: Array<{
    tenantId: string;
    deviceId: string;
    ts: Date;
    hash: number;
    data: Record<string, unknown>;
  }>;
  events: Array<{
    tenantId: string;
    deviceId: string;
    ts: Date;
    hash: number;
    type: string;
    data: Record<string, unknown>;
  }>;
  /** Latest reported state per device in this batch, merged in arrival order. */
  states: Map<string, { tenantId: string; deviceId: string; ts: Date; data: Record<string, unknown> }>;
  statuses: Array<{ tenantId: string; deviceId: string; online: boolean; at: Date }>;
  replies: Array<{
    tenantId: string;
    deviceId: string;
    id: string;
    status: string;
    result: unknown;
    error: string | null;
  }>;
  dead: Array<{ tenantId: string; deviceId: string | null; topic: string; reason: string; payload: Buffer }>;
  unrouted: Array<{ topic: string; reason: string; payload: Buffer }>;
  alarmsRaised: AlarmVerdict[];
  alarmsCleared: AlarmVerdict[];
}

export function emptyBatch(): IngestBatch {
  return {
    telemetry: [],
    events: [],
    states: new Map(),
    statuses: [],
    replies: [],
    dead: [],
    unrouted: [],
    alarmsRaised: [],
    alarmsCleared: [],
  };
}

type Trx = Transaction<IotTables>;

/**
 * Writes one batch in the caller's transaction with one statement per kind (unnest of arrays).
 * Telemetry and events skip rows already stored (a redelivery after a crash) by their unique key.
 * Returns how many telemetry rows were new.
 */
export async function writeBatch(
  trx: Trx,
  batch: IngestBatch,
): Promise<{ telemetry: number; events: number }> {
  let telemetry = 0;
  let events = 0;
  if (batch.telemetry.length > 0) {
    // One JSON document per batch: JSON.stringify is native and PostgreSQL parses it fast, where
    // five text arrays cost the Node process an escaping pass per element.
    const rows = JSON.stringify(
      batch.telemetry.map((r) => ({
        t: r.tenantId,
        d: r.deviceId,
        s: r.ts.toISOString(),
        h: r.hash,
        v: r.data,
      })),
    );
    const result = await sql`
      INSERT INTO iot_telemetry (tenant_id, device_id, ts, msg_hash, data)
      SELECT (r->>'t')::uuid, (r->>'d')::uuid, (r->>'s')::timestamptz, (r->>'h')::int8, r->'v'
      FROM jsonb_array_elements(${rows}::jsonb) AS r
      ON CONFLICT DO NOTHING`.execute(trx);
    telemetry = Number(result.numAffectedRows ?? 0);
  }
  if (batch.events.length > 0) {
    const e = batch.events;
    const result = await sql`
      INSERT INTO iot_events (tenant_id, device_id, ts, msg_hash, type, data)
      SELECT * FROM unnest(${e.map((r) => r.tenantId)}::uuid[], ${e.map((r) => r.deviceId)}::uuid[],
        ${e.map((r) => r.ts.toISOString())}::timestamptz[], ${e.map((r) => r.hash)}::int8[], ${e.map((r) => r.type)}::text[],
        ${e.map((r) => JSON.stringify(r.data))}::jsonb[])
      ON CONFLICT DO NOTHING`.execute(trx);
    events = Number(result.numAffectedRows ?? 0);
  }
  if (batch.states.size > 0) {
    const s = [...batch.states.values()];
    await sql`
      UPDATE iot_devices d SET state = coalesce(d.state, '{}'::jsonb) || v.state, state_at = v.ts
      FROM unnest(${s.map((r) => r.tenantId)}::uuid[], ${s.map((r) => r.deviceId)}::uuid[],
        ${s.map((r) => JSON.stringify(r.data))}::jsonb[], ${s.map((r) => r.ts.toISOString())}::timestamptz[]) AS v(tenant_id, id, state, ts)
      WHERE d.tenant_id = v.tenant_id AND d.id = v.id AND (d.state_at IS NULL OR d.state_at <= v.ts)`.execute(
      trx,
    );
  }
  for (const status of batch.statuses) {
    await trx
      .updateTable('iot_devices')
      .set({
        online: status.online,
        online_changed_at: status.at,
        ...(status.online ? { last_seen_at: status.at } : {}),
      })
      .where('tenant_id', '=', status.tenantId)
      .where('id', '=', status.deviceId)
      .execute();
  }
  for (const reply of batch.replies) {
    const terminal = reply.status === 'done' || reply.status === 'failed';
    await trx
      .updateTable('iot_commands')
      .set({
        status: reply.status as 'acknowledged' | 'done' | 'failed',
        ...(terminal
          ? { finished_at: new Date(), result: JSON.stringify(reply.result), error: reply.error }
          : { acknowledged_at: new Date() }),
      })
      .where('tenant_id', '=', reply.tenantId)
      .where('id', '=', reply.id)
      .where('device_id', '=', reply.deviceId)
      .where('status', 'in', terminal ? ['pending', 'sent', 'acknowledged'] : ['pending', 'sent'])
      .execute();
  }
  if (batch.dead.length > 0) {
    await trx
      .insertInto('iot_dead_letters')
      .values(
        batch.dead.map((d) => ({
          tenant_id: d.tenantId,
          device_id: d.deviceId,
          topic: d.topic,
          reason: d.reason,
          payload: d.payload,
        })),
      )
      .execute();
  }
  if (batch.unrouted.length > 0) {
    await trx.insertInto('iot_unrouted').values(batch.unrouted).execute();
  }
  for (const alarm of batch.alarmsRaised) {
    await sql`
      INSERT INTO iot_alarms (tenant_id, rule_id, device_id, severity, value, last_value)
      VALUES (${alarm.rule.tenantId}, ${alarm.rule.id}, ${alarm.deviceId}, ${alarm.rule.severity}, ${alarm.value}, ${alarm.value})
      ON CONFLICT (tenant_id, rule_id, device_id) WHERE status = 'active'
      DO UPDATE SET last_value = excluded.last_value, occurrences = iot_alarms.occurrences + 1`.execute(trx);
  }
  for (const alarm of batch.alarmsCleared) {
    await trx
      .updateTable('iot_alarms')
      .set({ status: 'cleared', cleared_at: new Date(), last_value: alarm.value })
      .where('tenant_id', '=', alarm.rule.tenantId)
      .where('rule_id', '=', alarm.rule.id)
      .where('device_id', '=', alarm.deviceId)
      .where('status', '=', 'active')
      .execute();
  }
  return { telemetry, events };
}
