import { buildPortal } from '../web/scripts/ensure-built.ts';
import { bundleReport, initialBudgetBytes } from '../web/scripts/bundle-size.ts';
import type { Bench, BenchLine } from './lib.ts';

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/**
 * The portal's first load (DESIGN.md §12): builds web/dist, then measures the gzipped JavaScript
 * a first visit downloads. The ratio is against the 300 KB budget (lower is better); ECharts and
 * Monaco must sit in lazy chunks only.
 */
const bench: Bench = async (ctx) => {
  ctx.log('building the portal…');
  if (!buildPortal()) throw new Error('the portal build failed');
  const report = await bundleReport();
  const budget = { name: 'budget', value: kb(initialBudgetBytes) };
  const lines: BenchLine[] = [
    {
      name: 'initial JavaScript (entry + static imports, gzip)',
      value: kb(report.initial.gzipBytes),
      unit: 'KB',
      baseline: budget,
      ratio: report.initial.gzipBytes / initialBudgetBytes,
      budget: '≤ 300 KB',
      ok: report.initial.gzipBytes <= initialBudgetBytes,
      note: `${report.initial.files.length} files, ${kb(report.initial.rawBytes)} KB before gzip`,
    },
    {
      name: 'first visit to the login page (gzip)',
      value: kb(report.loginPage.gzipBytes),
      unit: 'KB',
      baseline: budget,
      ratio: report.loginPage.gzipBytes / initialBudgetBytes,
      budget: '≤ 300 KB',
      ok: report.loginPage.gzipBytes <= initialBudgetBytes,
    },
    {
      name: 'all portal JavaScript, lazy chunks included (gzip)',
      value: kb(report.total.gzipBytes),
      unit: 'KB',
      note: `${report.total.files.length} files`,
    },
  ];
  const heavyInitial = report.heavy.filter((chunk) => chunk.initial);
  lines.push({
    name: 'ECharts / Monaco chunks loaded lazily',
    value: report.heavy.length - heavyInitial.length,
    unit: `of ${report.heavy.length} chunks`,
    ok: heavyInitial.length === 0,
    budget: 'none in the initial load',
    note:
      report.heavy.map((c) => `${c.file.replace('assets/', '')} ${kb(c.gzipBytes)} KB`).join(', ') ||
      'none built yet',
  });
  return lines;
};

export default bench;
