import { byId, createPage, fillOptions, fillRows, formatYuan, h } from '@campusbase/plugin-sdk/ui';

const page = createPage();
const { bridge, fail, fit, start } = page;

export const STATUS = {
  in_stock: ['在库', 'ok'],
  checked_out: ['借出', 'warn'],
  repair: ['维修中', 'bad'],
  scrapped: ['已报废', 'muted'],
};
const HEALTH = { online: '在线', offline: '离线', unknown: '未知' };
let selected = null;

async function show(id) {
  const asset = await bridge.api.get(`/assets/${id}`);
  const label = await bridge.api.get(`/assets/${id}/label`);
  selected = asset;
  byId('detail').hidden = false;
  byId('detail-title').textContent = `${asset.code} ${asset.name}`;
  const d = asset.depreciation;
  const device = asset.device
    ? ` · 设备状态：${HEALTH[asset.device.state]}${asset.device.reason ? `（${asset.device.reason}）` : ''}`
    : '';
  byId('detail-text').textContent = `${asset.categoryName} · 原值 ${formatYuan(asset.costCents)}${
    d
      ? ` · 已提折旧 ${d.monthsDepreciated} 个月 ${formatYuan(d.accumulatedCents)} · 净值 ${formatYuan(d.netCents)}`
      : ''
  }${device}`;
  // The QR code itself is drawn by the label printer from this payload.
  byId('label').textContent = `[二维码 ${label.qr}]\n${label.lines.join('\n')}`;
  await fit();
}

async function list() {
  const query = new URLSearchParams();
  if (byId('q').value) query.set('q', byId('q').value);
  if (byId('status').value) query.set('status', byId('status').value);
  const { items } = await bridge.api.get(`/assets?${query}`);
  fillRows(byId('assets'), items, (asset) => {
    const open = h('button', '详情', { type: 'button' });
    open.addEventListener('click', () => show(asset.id).catch(fail));
    const [label, tone] = STATUS[asset.status];
    return [
      asset.code,
      asset.name,
      asset.location,
      h('span', label, { class: `tag ${tone}` }),
      asset.holderName ?? '',
      open,
    ];
  });
  await fit();
}

start(async (context) => {
  byId('add').hidden = !context.user.isAdmin;
  byId('purchaseDate').value = new Date().toISOString().slice(0, 10);
  fillOptions(
    byId('category'),
    await bridge.api.get('/categories'),
    (c) => c.name,
    (c) => c.code,
  );
  byId('q').addEventListener('input', () => list().catch(fail));
  byId('status').addEventListener('change', () => list().catch(fail));
  byId('add').addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = ['name', 'model', 'location', 'purchaseDate', 'deviceId', 'deviceType'];
    const body = Object.fromEntries(fields.map((id) => [id, byId(id).value]));
    const created = await bridge.api
      .post('/assets', { ...body, categoryCode: byId('category').value, cost: Number(byId('cost').value) })
      .catch(fail);
    if (created) await bridge.toast('success', `已登记 ${created.code}`);
    await list();
  });
  byId('report').addEventListener('click', async () => {
    const ok = await bridge.api
      .post('/repairs', { assetId: selected.id, description: byId('fault').value })
      .catch(fail);
    if (ok) await bridge.toast('success', '已报修');
    await list();
  });
  await list();
});
