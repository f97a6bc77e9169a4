import type { TelemetryPoint } from '../../api/iot.ts';

export interface Series {
  field: string;
  points: Array<[number, number]>;
}

/**
 * Numeric telemetry fields as time series, oldest first, for the chart. Non-numeric fields and
 * bookkeeping (`ts`, `seq`) are left out.
 *
 * @example
 * toSeries([{ ts: '…', data: { temperature: 24.5 } }]) // [{ field: 'temperature', points: [[t, 24.5]] }]
 */
export function toSeries(points: ReadonlyArray<Pick<TelemetryPoint, 'ts' | 'data'>>): Series[] {
  const byField = new Map<string, Array<[number, number]>>();
  const sorted = [...points].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  for (const point of sorted) {
    const at = Date.parse(point.ts);
    if (Number.isNaN(at)) continue;
    for (const [field, value] of Object.entries(point.data)) {
      if (field === 'ts' || field === 'seq' || typeof value !== 'number' || !Number.isFinite(value)) continue;
      byField.set(field, [...(byField.get(field) ?? []), [at, value]]);
    }
  }
  return [...byField.entries()].map(([field, series]) => ({ field, points: series }));
}
