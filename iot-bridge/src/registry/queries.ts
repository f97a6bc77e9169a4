import { NotFoundError } from '@campusbase/plugin-sdk/errors';
import type { AuditLog, IotDatabase } from '../ports.ts';
import type { Alarm, AlarmOperator, AlarmRule, AlarmSeverity } from '../tables.ts';

export interface AlarmRuleInput {
  profileId: string;
  name: string;
  field: string;
  operator: AlarmOperator;
  threshold: number;
  severity: AlarmSeverity;
  enabled?: boolean;
}

/**
 * Alarm rules, alarms, telemetry and dead letters of one school, read and written in its
 * row-level-security scope.
 */
export function createIotQueries(deps: { db: IotDatabase; audit: AuditLog; onRulesChanged?: () => void }) {
  const { db } = deps;
  return {
    listRules(tenantId: string): Promise<AlarmRule[]> {
      return db.withTenant(tenantId, (trx) =>
        trx
          .selectFrom('iot_alarm_rules')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .orderBy('name')
          .execute(),
      );
    },
    async createRule(tenantId: string, actor: string, input: AlarmRuleInput): Promise<AlarmRule> {
      const rule = await db.withTenant(tenantId, async (trx) => {
        const profile = await trx
          .selectFrom('iot_device_profiles')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', input.profileId)
          .executeTakeFirst();
        if (!profile)
          throw new NotFoundError({
            zh: `找不到设备类型：${input.profileId}`,
            en: `No such device profile: ${input.profileId}`,
          });
        return trx
          .insertInto('iot_alarm_rules')
          .values({
            tenant_id: tenantId,
            profile_id: input.profileId,
            name: input.name,
            field: input.field,
            operator: input.operator,
            threshold: input.threshold,
            severity: input.severity,
            enabled: input.enabled ?? true,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      await deps.audit.record({
        tenantId,
        actor,
        action: 'iot.alarm-rule.create',
        target: rule.id,
        details: { name: input.name },
      });
      deps.onRulesChanged?.();
      return rule;
    },
    async deleteRule(tenantId: string, actor: string, id: string): Promise<void> {
      const result = await db.withTenant(tenantId, (trx) =>
        trx
          .deleteFrom('iot_alarm_rules')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (Number(result.numDeletedRows) === 0)
        throw new NotFoundError({ zh: `找不到告警规则：${id}`, en: `No such alarm rule: ${id}` });
      await deps.audit.record({ tenantId, actor, action: 'iot.alarm-rule.delete', target: id });
      deps.onRulesChanged?.();
    },
    listAlarms(tenantId: string, status?: 'active' | 'cleared'): Promise<Alarm[]> {
      return db.withTenant(tenantId, (trx) => {
        let query = trx.selectFrom('iot_alarms').selectAll().where('tenant_id', '=', tenantId);
        if (status) query = query.where('status', '=', status);
        return query.orderBy('raised_at', 'desc').limit(500).execute();
      });
    },
    latestTelemetry(tenantId: string, deviceId: string, limit = 100) {
      return db.withTenant(tenantId, (trx) =>
        trx
          .selectFrom('iot_telemetry')
          .select(['ts', 'data', 'received_at'])
          .where('tenant_id', '=', tenantId)
          .where('device_id', '=', deviceId)
          .orderBy('ts', 'desc')
          .limit(limit)
          .execute(),
      );
    },
    deadLetters(tenantId: string, limit = 100) {
      return db.withTenant(tenantId, (trx) =>
        trx
          .selectFrom('iot_dead_letters')
          .select(['id', 'device_id', 'topic', 'reason', 'payload', 'received_at'])
          .where('tenant_id', '=', tenantId)
          .orderBy('id', 'desc')
          .limit(limit)
          .execute(),
      );
    },
  };
}

export type IotQueries = ReturnType<typeof createIotQueries>;
