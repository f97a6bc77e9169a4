import type { Kysely } from 'kysely';
import type { IotTables } from '../tables.ts';
import type { RuleSpec } from './evaluate.ts';

/**
 * Enabled alarm rules by (school, profile), reloaded every `ttlMs`, and the set of alarms that are
 * active now, so a batch writes only transitions (raise once, clear once: deduplication).
 */
export function createRulesCache(owner: Kysely<IotTables>, ttlMs = 15_000) {
  let rules = new Map<string, RuleSpec[]>();
  let loadedAt = 0;
  const active = new Set<string>();

  return {
    async refresh(force = false): Promise<void> {
      if (!force && Date.now() - loadedAt < ttlMs) return;
      const rows = await owner
        .selectFrom('iot_alarm_rules')
        .selectAll()
        .where('enabled', '=', true)
        .execute();
      const next = new Map<string, RuleSpec[]>();
      for (const row of rows) {
        const key = `${row.tenant_id}:${row.profile_id}`;
        const list = next.get(key) ?? [];
        list.push({
          id: row.id,
          tenantId: row.tenant_id,
          profileId: row.profile_id,
          name: row.name,
          field: row.field,
          operator: row.operator,
          threshold: Number(row.threshold),
          severity: row.severity,
        });
        next.set(key, list);
      }
      rules = next;
      const alarms = await owner
        .selectFrom('iot_alarms')
        .select(['rule_id', 'device_id'])
        .where('status', '=', 'active')
        .execute();
      active.clear();
      for (const alarm of alarms) active.add(`${alarm.rule_id}:${alarm.device_id}`);
      loadedAt = Date.now();
    },
    rulesFor(tenantId: string, profileId: string): ReadonlyArray<RuleSpec> {
      return rules.get(`${tenantId}:${profileId}`) ?? [];
    },
    isActive: (ruleId: string, deviceId: string) => active.has(`${ruleId}:${deviceId}`),
    markActive(ruleId: string, deviceId: string, on: boolean) {
      if (on) active.add(`${ruleId}:${deviceId}`);
      else active.delete(`${ruleId}:${deviceId}`);
    },
    hasRules: () => rules.size > 0,
  };
}

export type RulesCache = ReturnType<typeof createRulesCache>;
