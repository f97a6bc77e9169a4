import { $, bridge, fail, fit, h, options, rows, start } from '../ui-lib/page.js';

export const STATUS = {
  in_stock: ['在库', 'ok'],
  checked_out: ['借出', 'warn'],
  repair: ['维修中', 'bad'],
  scrapped: ['已报废', 'muted'],
};
const yuan = (cents) => `¥${(cents / 100).toFixed(2)}`;
const HEALTH = { online: '在线', offline: '离线', unknown: '未知' };
let selected = null;

async function show(id) {
  const asset = await bridge.api.get(`/assets/${id}`);
  const label = await bridge.api.get(`/assets/${id}/label`);
  selected = asset;
  $('detail').hidden = false;
  $('detail-title').textContent = `${asset.code} ${asset.name}`;
  const d = asset.depreciation;
  const device = asset.device
    ? ` · 设备状态：${HEALTH[asset.device.state]}${asset.device.reason ? `（${asset.device.reason}）` : ''}`
    : '';
  $('detail-text').textContent = `${asset.categoryName} · 原值 ${yuan(asset.costCents)}${
    d ? ` · 已提折旧 ${d.monthsDepreciated} 个月 ${yuan(d.accumulatedCents)} · 净值 ${yuan(d.netCents)}` : ''
  }${device}`;
  // The QR code itself is drawn by the label printer from this payload.
  $('label').textContent = `[二维码 ${label.qr}]\n${label.lines.join('\n')}`;
  await fit();
}

async function list() {
  const query = new URLSearchParams();
  if ($('q').value) query.set('q', $('q').value);
  if ($('status').value) query.set('status', $('status').value);
  const { items } = await bridge.api.get(`/assets?${query}`);
  rows($('assets'), items, (asset) => {
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
  $('add').hidden = !context.user.isAdmin;
  $('purchaseDate').value = new Date().toISOString().slice(0, 10);
  options(
    $('category'),
    await bridge.api.get('/categories'),
    (c) => c.name,
    (c) => c.code,
  );
  $('q').addEventListener('input', () => list().catch(fail));
  $('status').addEventListener('change', () => list().catch(fail));
  $('add').addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = ['name', 'model', 'location', 'purchaseDate', 'deviceId', 'deviceType'];
    const body = Object.fromEntries(fields.map((id) => [id, $(id).value]));
    const created = await bridge.api
      .post('/assets', { ...body, categoryCode: $('category').value, cost: Number($('cost').value) })
      .catch(fail);
    if (created) await bridge.toast('success', `已登记 ${created.code}`);
    await list();
  });
  $('report').addEventListener('click', async () => {
    const ok = await bridge.api
      .post('/repairs', { assetId: selected.id, description: $('fault').value })
      .catch(fail);
    if (ok) await bridge.toast('success', '已报修');
    await list();
  });
  await list();
});
