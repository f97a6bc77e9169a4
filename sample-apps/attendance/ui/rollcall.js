import { labels, STATUSES } from '../ui-lib/labels.js';
import {
  byId,
  campusClock,
  campusDate,
  createPage,
  fillOptions,
  fillRows,
  h,
} from '@campusbase/plugin-sdk/ui';

const page = createPage({ labels });
const { bridge, fail, fit, start } = page;

let entries = [];

function statusPicker(entry) {
  const select = h('select');
  fillOptions(
    select,
    STATUSES,
    (status) => page.t(status),
    (status) => status,
  );
  select.value = entry.status;
  select.addEventListener('change', () => {
    entry.status = select.value;
  });
  return select;
}

async function load() {
  const query = `classId=${encodeURIComponent(byId('class').value)}&date=${byId('date').value}&lesson=${byId('lesson').value}`;
  try {
    const sheet = await bridge.api.get(`/rollcall?${query}`);
    entries = sheet.entries;
    byId('saved').textContent = sheet.saved
      ? `已由${sheet.saved.takenByName}于 ${campusClock(sheet.saved.takenAt)} 提交，可修改后重新提交`
      : '尚未点名：状态根据闸机刷卡和已批准的请假预填';
    fillRows(byId('sheet'), entries, (entry) => [
      entry.studentName,
      campusClock(entry.arrivedAt) || '—',
      statusPicker(entry),
    ]);
    await fit();
  } catch (error) {
    await fail(error);
  }
}

async function save() {
  try {
    const result = await bridge.api.post('/rollcall', {
      classId: byId('class').value,
      date: byId('date').value,
      lesson: Number(byId('lesson').value),
      entries: entries.map(({ studentId, status }) => ({ studentId, status })),
    });
    await bridge.toast(
      'success',
      `已提交：出勤 ${result.present}，迟到 ${result.late}，请假 ${result.leave}，缺勤 ${result.absent}`,
    );
    await load();
  } catch (error) {
    await fail(error);
  }
}

start(async () => {
  byId('date').value = campusDate();
  fillOptions(byId('class'), await bridge.api.get('/classes'));
  for (const id of ['class', 'date', 'lesson']) byId(id).addEventListener('change', load);
  byId('save').addEventListener('click', save);
  byId('all-present').addEventListener('click', () => {
    for (const entry of entries) if (entry.status === 'absent') entry.status = 'present';
    fillRows(byId('sheet'), entries, (entry) => [
      entry.studentName,
      campusClock(entry.arrivedAt) || '—',
      statusPicker(entry),
    ]);
  });
  await load();
});
