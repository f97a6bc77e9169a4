import { sql, type Kysely } from 'kysely';
import type { AlarmNotifier } from '../ports.ts';
import type { AlarmSeverity, IotTables } from '../tables.ts';

/**
 * Sends every alarm whose status changed since the notifier last confirmed it (raised or
 * cleared), then records the confirmed status. At least once: a crash before the update re-sends.
 */
export async function notifyAlarms(
  owner: Kysely<IotTables>,
  notifier: AlarmNotifier,
  batchSize = 200,
): Promise<number> {
  return owner.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      tenant_id: string;
      id: string;
      device_id: string;
      device_name: string;
      rule_name: string;
      field: string;
      severity: AlarmSeverity;
      status: 'active' | 'cleared';
      last_value: number;
      raised_at: Date;
      cleared_at: Date | null;
    }>`
      SELECT a.tenant_id, a.id, a.device_id, d.name AS device_name, r.name AS rule_name, r.field, a.severity, a.status,
             a.last_value, a.raised_at, a.cleared_at
      FROM iot_alarms a
      JOIN iot_devices d ON d.tenant_id = a.tenant_id AND d.id = a.device_id
      JOIN iot_alarm_rules r ON r.tenant_id = a.tenant_id AND r.id = a.rule_id
      WHERE a.notified_status IS DISTINCT FROM a.status
      ORDER BY a.raised_at LIMIT ${batchSize} FOR UPDATE OF a SKIP LOCKED`.execute(trx);
    if (rows.length === 0) return 0;
    await notifier.notify(
      rows.map((r) => ({
        tenantId: r.tenant_id,
        alarmId: r.id,
        deviceId: r.device_id,
        deviceName: r.device_name,
        ruleName: r.rule_name,
        severity: r.severity,
        status: r.status,
        field: r.field,
        value: Number(r.last_value),
        at: r.cleared_at ?? r.raised_at,
      })),
    );
    for (const row of rows) {
      await sql`UPDATE iot_alarms SET notified_status = ${row.status} WHERE tenant_id = ${row.tenant_id} AND id = ${row.id}`.execute(
        trx,
      );
    }
    return rows.length;
  });
}
