import type { AlarmOperator, AlarmSeverity } from '../tables.ts';

export interface RuleSpec {
  id: string;
  tenantId: string;
  profileId: string;
  name: string;
  field: string;
  operator: AlarmOperator;
  threshold: number;
  severity: AlarmSeverity;
}

/** Reads a number at a dotted path (`co2`, `air.pm25`); anything else is "not reported". */
export function numberAt(data: Record<string, unknown>, path: string): number | undefined {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function conditionHolds(operator: AlarmOperator, value: number, threshold: number): boolean {
  switch (operator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '=':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

export interface AlarmVerdict {
  rule: RuleSpec;
  deviceId: string;
  value: number;
  firing: boolean;
}

/**
 * The latest verdict per (rule, device) over a batch of telemetry, in arrival order: a batch that
 * rises above and falls back below the threshold ends cleared.
 */
export function evaluateBatch(
  samples: ReadonlyArray<{
    deviceId: string;
    profileId: string;
    tenantId: string;
    data: Record<string, unknown>;
  }>,
  rulesFor: (tenantId: string, profileId: string) => ReadonlyArray<RuleSpec>,
): AlarmVerdict[] {
  const latest = new Map<string, AlarmVerdict>();
  for (const sample of samples) {
    for (const rule of rulesFor(sample.tenantId, sample.profileId)) {
      const value = numberAt(sample.data, rule.field);
      if (value === undefined) continue;
      latest.set(`${rule.id}:${sample.deviceId}`, {
        rule,
        deviceId: sample.deviceId,
        value,
        firing: conditionHolds(rule.operator, value, rule.threshold),
      });
    }
  }
  return [...latest.values()];
}
