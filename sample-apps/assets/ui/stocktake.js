import { byId, createPage, fillRows, h } from '@campusbase/plugin-sdk/ui';

const page = createPage();
const { bridge, fail, fit, start } = page;

let stocktakeId = null;

function render(report) {
  const cards = [
    ['应盘', report.expected],
    ['已盘到', report.found],
    ['未盘到', report.missing.length],
    ['未登记', report.unknown.length],
  ];
  byId('totals').replaceChildren(
    ...cards.map(([label, value]) => {
      const card = h('div', label, { class: 'card' });
      card.prepend(h('b', value));
      return card;
    }),
  );
  fillRows(byId('missing'), report.missing, (a) => [a.code, a.name, a.location, a.holderName ?? '']);
  fillRows(
    byId('other'),
    [
      ...report.moved.map((m) => [m.code, m.name, `${m.registered} → ${m.scanned}`]),
      ...report.unknown.map((code) => [code, '未登记的标签', '']),
    ],
    (row) => row,
  );
  return fit();
}

start(async () => {
  byId('start').addEventListener('click', async () => {
    const created = await bridge.api
      .post('/stocktakes', { name: byId('name').value || '资产盘点' })
      .catch(fail);
    if (!created) return;
    stocktakeId = created.id;
    await render(await bridge.api.get(`/stocktakes/${stocktakeId}`));
    byId('code').focus();
  });
  byId('close').addEventListener('click', async () => {
    if (stocktakeId) await render(await bridge.api.post(`/stocktakes/${stocktakeId}/close`).catch(fail));
  });
  byId('scan').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!stocktakeId) return bridge.toast('warning', '请先开始盘点');
    const result = await bridge.api
      .post(`/stocktakes/${stocktakeId}/scans`, {
        code: byId('code').value,
        location: byId('location').value,
      })
      .catch(fail);
    byId('code').value = '';
    if (result)
      await bridge.toast(
        result.known ? 'success' : 'warning',
        result.known ? `${result.name}${result.repeated ? '（已盘过）' : ''}` : `未登记的标签 ${result.code}`,
      );
    await render(await bridge.api.get(`/stocktakes/${stocktakeId}`));
  });
});
