import { NotFoundError, UnavailableError } from '@campusbase/plugin-sdk/errors';
import { sql, type Kysely } from 'kysely';
import type { MqttClient } from 'mqtt';
import type { AuditLog, IotDatabase, TenantDirectory } from '../ports.ts';
import type { Command, IotTables } from '../tables.ts';
import { downTopic } from '../topics.ts';

export interface SendCommandInput {
  deviceId: string;
  name: string;
  params?: Record<string, unknown>;
  /** How long the device has to finish; then the command expires. */
  timeoutSeconds?: number;
}

/**
 * Commands to devices. Each carries a correlation id (the row id) and a deadline:
 *   pending → sent (the broker took it, QoS 1) → acknowledged (device replied "ack")
 *           → done | failed (device replied), or expired when the deadline passes first.
 * The device receives `{"id", "name", "params", "timeoutAt"}` on `cb/{school}/{device}/down/{name}`
 * and answers on `…/up/reply` with `{"id", "status": "ack"|"done"|"failed", "result"?, "error"?}`.
 */
export function createCommandService(deps: {
  db: IotDatabase;
  tenants: TenantDirectory;
  audit: AuditLog;
  publisher: () => MqttClient | null;
}) {
  return {
    async send(tenantId: string, actor: string, input: SendCommandInput): Promise<Command> {
      const timeoutSeconds = input.timeoutSeconds ?? 30;
      const command = await deps.db.withTenant(tenantId, async (trx) => {
        const device = await trx
          .selectFrom('iot_devices')
          .select(['id'])
          .where('tenant_id', '=', tenantId)
          .where('id', '=', input.deviceId)
          .executeTakeFirst();
        if (!device)
          throw new NotFoundError({
            zh: `找不到设备：${input.deviceId}`,
            en: `No such device: ${input.deviceId}`,
          });
        return trx
          .insertInto('iot_commands')
          .values({
            tenant_id: tenantId,
            device_id: input.deviceId,
            name: input.name,
            params: JSON.stringify(input.params ?? {}),
            timeout_at: new Date(Date.now() + timeoutSeconds * 1000),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      await deps.audit.record({
        tenantId,
        actor,
        action: 'iot.command.send',
        target: input.deviceId,
        details: { command: command.id, name: input.name },
      });
      const client = deps.publisher();
      const tenant = await deps.tenants.byId(tenantId);
      if (!client?.connected || !tenant) {
        throw new UnavailableError({
          zh: '设备消息服务（MQTT）暂不可用，指令未发出，将在超时后标记为过期；请稍后重试',
          en: 'The MQTT bridge is not connected; the command was not sent and will expire. Try again shortly.',
        });
      }
      const payload = JSON.stringify({
        id: command.id,
        name: command.name,
        params: input.params ?? {},
        timeoutAt: command.timeout_at.toISOString(),
      });
      await client.publishAsync(downTopic(tenant.code, input.deviceId, input.name), payload, { qos: 1 });
      return deps.db.withTenant(tenantId, (trx) =>
        trx
          .updateTable('iot_commands')
          .set({ status: 'sent', sent_at: new Date() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', command.id)
          .where('status', '=', 'pending')
          .returningAll()
          .executeTakeFirst()
          .then(
            async (row) =>
              row ??
              (await trx
                .selectFrom('iot_commands')
                .selectAll()
                .where('tenant_id', '=', tenantId)
                .where('id', '=', command.id)
                .executeTakeFirstOrThrow()),
          ),
      );
    },

    async get(tenantId: string, id: string): Promise<Command> {
      const row = await deps.db.withTenant(tenantId, (trx) =>
        trx
          .selectFrom('iot_commands')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (!row) throw new NotFoundError({ zh: `找不到指令：${id}`, en: `No such command: ${id}` });
      return row;
    },
  };
}

/** Marks every open command whose deadline passed as expired. Returns how many. */
export async function expireCommands(owner: Kysely<IotTables>): Promise<number> {
  const result = await sql`
    UPDATE iot_commands SET status = 'expired', finished_at = now()
    WHERE status IN ('pending', 'sent', 'acknowledged') AND timeout_at < now()`.execute(owner);
  return Number(result.numAffectedRows ?? 0);
}

export type CommandService = ReturnType<typeof createCommandService>;
