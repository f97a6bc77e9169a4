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
  /** Last status (will / online) per device in this batch. */
  statuses: Map<string, { tenantId: string; deviceId: string; online: boolean; at: Date }>;
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
    statuses: new Map(),
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
  if (batch.statuses.size > 0) {
    const st = [...batch.statuses.values()];
    await sql`
      UPDATE iot_devices d SET online = v.online, online_changed_at = v.at,
        last_seen_at = CASE WHEN v.online THEN v.at ELSE d.last_seen_at END
      FROM unnest(${st.map((r) => r.tenantId)}::uuid[], ${st.map((r) => r.deviceId)}::uuid[],
        ${st.map((r) => r.online)}::bool[], ${st.map((r) => r.at.toISOString())}::timestamptz[]) AS v(tenant_id, id, online, at)
      WHERE d.tenant_id = v.tenant_id AND d.id = v.id`.execute(trx);
  }
  if (batch.replies.length > 0) {
    // One statement. A device's ack and done in the same batch: the terminal one wins (a done implies
    // acknowledged, so acknowledged_at is set either way).
    const r = batch.replies;
    await sql`
      UPDATE iot_commands c SET
        status = v.status,
        acknowledged_at = coalesce(c.acknowledged_at, now()),
        finished_at = CASE WHEN v.status <> 'acknowledged' THEN now() ELSE c.finished_at END,
        result = CASE WHEN v.status <> 'acknowledged' THEN v.result ELSE c.result END,
        error = CASE WHEN v.status <> 'acknowledged' THEN v.error ELSE c.error END
      FROM (
        SELECT DISTINCT ON (id) * FROM unnest(${r.map((x) => x.tenantId)}::uuid[], ${r.map((x) => x.deviceId)}::uuid[],
          ${r.map((x) => x.id)}::uuid[], ${r.map((x) => x.status)}::text[], ${r.map((x) => JSON.stringify(x.result))}::jsonb[],
          ${r.map((x) => x.error)}::text[]) WITH ORDINALITY AS u(tenant_id, device_id, id, status, result, error, n)
        ORDER BY id, (status <> 'acknowledged') DESC, n DESC
      ) v
      WHERE c.tenant_id = v.tenant_id AND c.id = v.id AND c.device_id = v.device_id
        AND (CASE WHEN v.status = 'acknowledged' THEN c.status IN ('pending', 'sent')
             ELSE c.status IN ('pending', 'sent', 'acknowledged') END)`.execute(trx);
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
