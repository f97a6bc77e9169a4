import { describe, expect, it } from 'vitest';
import { bundleReport, initialBudgetBytes } from '../scripts/bundle-size.ts';

// The portal was built by the e2e global setup, exactly as `npm start` builds it.
describe('the portal’s first load (DESIGN.md §12)', () => {
  it('ships at most 300 KB of gzipped JavaScript, with ECharts and Monaco left to the pages that use them', async () => {
    const report = await bundleReport();
    expect(report.initial.gzipBytes).toBeLessThanOrEqual(initialBudgetBytes);
    expect(report.loginPage.gzipBytes).toBeLessThanOrEqual(initialBudgetBytes);
    expect(report.heavy.some((chunk) => chunk.file.includes('echarts'))).toBe(true);
    expect(report.heavy.filter((chunk) => chunk.initial)).toEqual([]);
  });
});
