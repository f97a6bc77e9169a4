import { describe, expect, it } from 'vitest';
import { toSeries } from './telemetry-series.ts';

describe('telemetry as chart series', () => {
  it('keeps numeric fields, oldest first, without bookkeeping fields', () => {
    const series = toSeries([
      { ts: '2026-11-21T08:00:10Z', data: { temperature: 24.5, co2: 820, seq: 2, door: 'open' } },
      { ts: '2026-11-21T08:00:00Z', data: { temperature: 24.1, co2: 790, seq: 1 } },
    ]);
    expect(series.map((s) => s.field)).toEqual(['temperature', 'co2']);
    expect(series[0]!.points).toEqual([
      [Date.parse('2026-11-21T08:00:00Z'), 24.1],
      [Date.parse('2026-11-21T08:00:10Z'), 24.5],
    ]);
  });
});
