import type { SchoolAdoption } from '../../api/bureau.ts';

export interface AdoptionTotals {
  schools: number;
  appsEnabled: number;
  devicesTotal: number;
  devicesOnline: number;
  devicesOffline: number;
  alarmsActive: number;
}

export function adoptionTotals(schools: readonly SchoolAdoption[]): AdoptionTotals {
  return schools.reduce(
    (sum, s) => ({
      schools: sum.schools + 1,
      appsEnabled: sum.appsEnabled + s.appsEnabled,
      devicesTotal: sum.devicesTotal + s.devicesTotal,
      devicesOnline: sum.devicesOnline + s.devicesOnline,
      devicesOffline: sum.devicesOffline + s.devicesOffline,
      alarmsActive: sum.alarmsActive + s.alarmsActive,
    }),
    { schools: 0, appsEnabled: 0, devicesTotal: 0, devicesOnline: 0, devicesOffline: 0, alarmsActive: 0 },
  );
}

/** Online share in whole percent; null when a school has no devices (nothing to be healthy about). */
export const onlineRate = (s: Pick<SchoolAdoption, 'devicesOnline' | 'devicesTotal'>): number | null =>
  s.devicesTotal === 0 ? null : Math.round((s.devicesOnline / s.devicesTotal) * 100);

export interface ChartLabels {
  apps: string;
  online: string;
  offline: string;
}

/**
 * The ECharts option: per school, enabled apps on one axis and devices online/offline stacked on
 * the other, horizontal bars so long Chinese school names stay readable. `animate: false` for
 * people who asked their system for reduced motion.
 */
export function adoptionChartOption(
  schools: readonly SchoolAdoption[],
  labels: ChartLabels,
  options: { animate?: boolean } = {},
) {
  const names = schools.map((s) => s.name);
  return {
    backgroundColor: 'transparent',
    animation: options.animate ?? true,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [
      { name: labels.apps, type: 'bar', data: schools.map((s) => s.appsEnabled) },
      { name: labels.online, type: 'bar', stack: 'devices', data: schools.map((s) => s.devicesOnline) },
      { name: labels.offline, type: 'bar', stack: 'devices', data: schools.map((s) => s.devicesOffline) },
    ],
  };
}
