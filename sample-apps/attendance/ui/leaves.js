import { isStaff } from '../ui-lib/labels.js';
import { byId, campusDate, createPage, fillOptions, fillRows, h } from '@campusbase/plugin-sdk/ui';

const page = createPage();
const { bridge, fail, fit, start } = page;

const STATE = { pending: ['待审批', 'warn'], approved: ['已批准', 'ok'], rejected: ['已驳回', 'bad'] };
let me = null;

function actions(leave) {
  if (!isStaff(me) || leave.status !== 'pending') return leave.comment || '';
  const box = h('span');
  for (const [label, approve] of [
    ['批准', true],
    ['驳回', false],
  ]) {
    const button = h('button', label, { class: approve ? 'primary' : 'danger' });
    button.addEventListener('click', () => decide(leave, approve));
    box.append(button, ' ');
  }
  return box;
}

async function list() {
  const status = byId('status').value;
  const leaves = await bridge.api.get(`/leaves${status ? `?status=${status}` : ''}`);
  fillRows(byId('list'), leaves, (leave) => [
    leave.studentName,
    leave.from === leave.to ? leave.from : `${leave.from} 至 ${leave.to}`,
    `${leave.kind === 'sick' ? '病假' : '事假'}：${leave.reason}`,
    leave.requestedByName,
    h('span', STATE[leave.status][0], { class: `tag ${STATE[leave.status][1]}` }),
    actions(leave),
  ]);
  await fit();
}

async function decide(leave, approve) {
  const confirmed = await bridge.confirm({
    title: approve ? '批准请假' : '驳回请假',
    message: `${leave.studentName}：${leave.from} 至 ${leave.to}`,
    danger: !approve,
  });
  if (!confirmed) return;
  try {
    await bridge.api.post(`/leaves/${leave.id}/decision`, { approve });
    await bridge.toast('success', approve ? '已批准，已通知申请人' : '已驳回，已通知申请人');
    await list();
  } catch (error) {
    await fail(error);
  }
}

async function submit(event) {
  event.preventDefault();
  try {
    await bridge.api.post('/leaves', {
      studentId: byId('student').value,
      kind: byId('kind').value,
      from: byId('from').value,
      to: byId('to').value,
      reason: byId('reason').value,
    });
    byId('reason').value = '';
    await bridge.toast('success', '已提交，等待班主任审批');
    await list();
  } catch (error) {
    await fail(error);
  }
}

start(async (context) => {
  me = context.user;
  byId('from').value = campusDate();
  byId('to').value = campusDate();
  // Parents choose among their children; teachers may enter any student id of the roster.
  const children = await bridge.api.get('/children');
  fillOptions(
    byId('student'),
    children,
    (child) => `${child.studentName}（${child.className}）`,
    (child) => child.studentId,
  );
  byId('request').hidden = children.length === 0 && !isStaff(me);
  byId('request').addEventListener('submit', submit);
  byId('status').addEventListener('change', () => list().catch(fail));
  await list();
});
