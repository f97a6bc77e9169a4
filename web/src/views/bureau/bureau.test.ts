import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import type { SchoolAdoption } from '../../api/bureau.ts';
import { fakeApi } from '../../test-api.ts';
import { mountPortal, settle } from '../../test-utils.ts';
import { adoptionChartOption, adoptionTotals, onlineRate } from './adoption.ts';
import BureauPage from './index.vue';

// The real chart draws on a canvas happy-dom does not have; it is loaded lazily, so stand it in.
vi.mock('./AdoptionChart.vue', () => ({
  __esModule: true,
  default: defineComponent({
    props: { schools: { type: Array, required: true } },
    setup: (props) => () => h('div', { 'data-test': 'adoption-chart' }, `${props.schools.length} schools`),
  }),
}));

const schools: SchoolAdoption[] = [
  {
    tenantId: '1a2b3c4d-0000-4000-8000-000000000001',
    code: '2145010301',
    name: '南宁市青秀区凤岭实验小学',
    appsEnabled: 3,
    devicesTotal: 10,
    devicesOnline: 9,
    devicesOffline: 1,
    alarmsActive: 2,
  },
  {
    tenantId: '1a2b3c4d-0000-4000-8000-000000000002',
    code: '2145010302',
    name: '南宁市青秀区邕江初级中学',
    appsEnabled: 1,
    devicesTotal: 0,
    devicesOnline: 0,
    devicesOffline: 0,
    alarmsActive: 0,
  },
];

beforeEach(() => {
  fakeApi({
    'GET /api/v1/bureau/aggregates': () => ({
      schools: schools.map((s) => ({ ...s, students: 100, teachers: 10, classes: 4 })),
    }),
    'GET /api/v1/bureau/adoption': () => ({ schools }),
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('the bureau view: app adoption and device health per school', () => {
  it('shows each school’s enabled apps, devices online/offline and the totals, with the chart', async () => {
    const wrapper = await mountPortal(BureauPage);
    await settle();
    await settle();
    expect(wrapper.get('[data-test="adoption-totals"]').text()).toBe(
      '已启用应用 4 个；设备 10 台，在线 9 台，离线 1 台，未处理告警 2 条',
    );
    const rows = wrapper.findAll('[data-test="adoption-table"] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('凤岭实验小学');
    expect(rows[0]!.text()).toContain('90%');
    expect(rows[1]!.text()).toContain('无设备');
    expect(wrapper.get('[data-test="adoption-chart"]').text()).toBe('2 schools');
  });

  it('adds up students, teachers and classes in the 合计 row, and leaves the school codes alone', async () => {
    const wrapper = await mountPortal(BureauPage);
    await settle();
    const sums = wrapper.findAll('[data-test="bureau-schools"] .el-table__footer td').map((td) => td.text());
    expect(sums).toEqual(['合计', '', '200', '20', '8']);
  });

  it('says so when the bureau may not read the figures', async () => {
    fakeApi({
      'GET /api/v1/bureau/aggregates': () => ({ schools: [] }),
      'GET /api/v1/bureau/adoption': () =>
        Response.json({ error: { code: 'forbidden', message: '需要教育局汇总权限' } }, { status: 403 }),
    });
    const wrapper = await mountPortal(BureauPage);
    await settle();
    expect(wrapper.get('[data-test="bureau-adoption"]').text()).toContain('需要教育局汇总权限');
    expect(wrapper.find('[data-test="adoption-chart"]').exists()).toBe(false);
  });

  it('builds the chart from the counts: apps, and devices stacked online/offline', () => {
    expect(adoptionTotals(schools)).toMatchObject({ schools: 2, appsEnabled: 4, devicesOnline: 9 });
    expect(onlineRate(schools[1]!)).toBeNull();
    const option = adoptionChartOption(schools, { apps: '应用', online: '在线', offline: '离线' });
    expect(option.yAxis.data).toEqual(['南宁市青秀区凤岭实验小学', '南宁市青秀区邕江初级中学']);
    expect(option.series.map((s) => [s.name, s.data, s.stack])).toEqual([
      ['应用', [3, 1], undefined],
      ['在线', [9, 0], 'devices'],
      ['离线', [1, 0], 'devices'],
    ]);
    expect(option.animation).toBe(true);
    expect(
      adoptionChartOption(schools, { apps: '', online: '', offline: '' }, { animate: false }).animation,
    ).toBe(false);
  });
});
