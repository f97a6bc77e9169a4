// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { testDocument as dom, type TestElement } from './happy-dom.fixture.ts';
import { byId, fillHead, fillOptions, fillRows, h } from './dom.ts';
import { campusClock, campusDate, formatDateRange, formatYuan } from './format.ts';
import { defineLabels } from './labels.ts';

describe('DOM helpers', () => {
  it('sets text, never HTML, and nests elements', () => {
    const cell = h<TestElement>('td', ['<b>张小明</b>', h('span', 3, { class: 'tag ok' })]);
    expect(cell.innerHTML).toBe('&lt;b&gt;张小明&lt;/b&gt;<span class="tag ok">3</span>');
  });

  it('fills rows, an empty state, a head and options', () => {
    const tbody = dom().createElement('tbody');
    fillRows(tbody, [{ name: '李小红', late: 1 }], (row) => [row.name, row.late]);
    expect(tbody.innerHTML).toBe('<tr><td>李小红</td><td>1</td></tr>');
    fillRows(tbody, [], () => [], { empty: '暂无数据', columns: 2 });
    expect(tbody.innerHTML).toBe('<tr><td class="cb-empty" colspan="2">暂无数据</td></tr>');
    const thead = dom().createElement('thead');
    fillHead(thead, ['学生', '状态']);
    expect(thead.innerHTML).toBe('<tr><th>学生</th><th>状态</th></tr>');
    const select = dom().createElement('select');
    fillOptions(select, [{ id: 'c-302', name: '三年级(2)班' }]);
    expect(select.innerHTML).toBe('<option value="c-302">三年级(2)班</option>');
  });

  it('finds elements by id and names a missing one', () => {
    dom().body.innerHTML = '<input id="date">';
    expect(byId<TestElement>('date').getAttribute('id')).toBe('date');
    expect(() => byId('dtae')).toThrow('id="dtae"');
  });
});

describe('campus formatting', () => {
  it('uses the campus clock (UTC+8) whatever the browser’s zone', () => {
    expect(campusDate(new Date('2026-11-22T23:32:00Z'))).toBe('2026-11-23');
    expect(campusClock('2026-11-22T23:32:00Z')).toBe('07:32');
    expect(campusClock(null)).toBe('');
    expect(campusClock('not a time')).toBe('');
  });

  it('formats ranges and money for people', () => {
    expect(formatDateRange('2026-11-23', '2026-11-23')).toBe('2026-11-23');
    expect(formatDateRange('2026-11-23', '2026-11-24')).toBe('2026-11-23 至 2026-11-24');
    expect(formatDateRange('2026-11-23', '2026-11-24', 'en')).toBe('2026-11-23 – 2026-11-24');
    expect(formatYuan(1234500)).toBe('¥12,345.00');
  });
});

describe('labels', () => {
  it('falls back from English to zh-CN to the key, and fills placeholders', () => {
    const labels = defineLabels({
      'zh-CN': { count: '共 {n} 人', late: '迟到' },
      en: { count: '{n} people' },
    });
    expect(labels.t('count', 'zh-CN', { n: 3 })).toBe('共 3 人');
    expect(labels.t('count', 'en', { n: 3 })).toBe('3 people');
    expect(labels.t('late', 'en')).toBe('迟到');
    expect(labels.t('missing', 'en')).toBe('missing');
    expect(labels.has('late')).toBe(true);
  });
});
