import { byId, createPage, fillOptions, fillRows, h } from '@campusbase/plugin-sdk/ui';

const page = createPage();
const { bridge, fail, fit, start } = page;

const LOAN = { requested: '待审批', approved: '借出中', rejected: '已驳回', returned: '已归还' };
let me = null;

function button(label, action, tone = '') {
  const element = h('button', label, { type: 'button', class: tone });
  element.addEventListener('click', async () => {
    await action().catch(fail);
    await load();
  });
  return element;
}

function loanActions(loan) {
  const box = h('span');
  if (loan.status === 'requested' && me.isAdmin) {
    box.append(
      button('批准', () => bridge.api.post(`/loans/${loan.id}/decision`, { approve: true }), 'primary'),
      button('驳回', () => bridge.api.post(`/loans/${loan.id}/decision`, { approve: false }), 'danger'),
    );
  }
  if (loan.status === 'approved')
    box.append(button('归还', () => bridge.api.post(`/loans/${loan.id}/return`, {})));
  return box;
}

async function load() {
  const { items } = await bridge.api.get('/assets?status=in_stock');
  fillOptions(byId('asset'), items, (a) => `${a.code} ${a.name}`);
  fillRows(byId('loans'), await bridge.api.get('/loans'), (loan) => [
    `${loan.assetCode} ${loan.assetName}`,
    loan.borrowerName,
    loan.purpose,
    loan.dueDate,
    h('span', loan.overdue ? '已逾期' : LOAN[loan.status], { class: `tag ${loan.overdue ? 'bad' : ''}` }),
    loanActions(loan),
  ]);
  fillRows(byId('repairs'), await bridge.api.get('/repairs'), (repair) => [
    `${repair.assetCode} ${repair.assetName}`,
    repair.description,
    repair.reportedByName,
    repair.status === 'open' ? '维修中' : `已完成：${repair.resolution}`,
    repair.status === 'open' && me.isAdmin
      ? button('完成维修', () => bridge.api.post(`/repairs/${repair.id}/resolve`, { resolution: '已修复' }))
      : '',
  ]);
  await fit();
}

start(async (context) => {
  me = context.user;
  byId('due').value = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  byId('request').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { assetId: byId('asset').value, purpose: byId('purpose').value, dueDate: byId('due').value };
    if (await bridge.api.post('/loans', body).catch(fail)) await bridge.toast('success', '已提交，等待审批');
    await load();
  });
  await load();
});
