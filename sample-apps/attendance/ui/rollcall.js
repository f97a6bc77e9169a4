import { STATUS } from '../ui-lib/labels.js';
import { $, bridge, clock, fail, fit, h, options, rows, start, today } from '../ui-lib/page.js';

let entries = [];

function statusPicker(entry) {
  const select = h('select');
  options(
    select,
    Object.entries(STATUS),
    ([, label]) => label,
    ([value]) => value,
  );
  select.value = entry.status;
  select.addEventListener('change', () => {
    entry.status = select.value;
  });
  return select;
}

async function load() {
  const query = `classId=${encodeURIComponent($('class').value)}&date=${$('date').value}&lesson=${$('lesson').value}`;
  try {
    const sheet = await bridge.api.get(`/rollcall?${query}`);
    entries = sheet.entries;
    $('saved').textContent = sheet.saved
      ? `已由${sheet.saved.takenByName}于 ${clock(sheet.saved.takenAt)} 提交，可修改后重新提交`
      : '尚未点名：状态根据闸机刷卡和已批准的请假预填';
    rows($('sheet'), entries, (entry) => [
      entry.studentName,
      clock(entry.arrivedAt) || '—',
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
      classId: $('class').value,
      date: $('date').value,
      lesson: Number($('lesson').value),
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
  $('date').value = today();
  options($('class'), await bridge.api.get('/classes'));
  for (const id of ['class', 'date', 'lesson']) $(id).addEventListener('change', load);
  $('save').addEventListener('click', save);
  $('all-present').addEventListener('click', () => {
    for (const entry of entries) if (entry.status === 'absent') entry.status = 'present';
    rows($('sheet'), entries, (entry) => [
      entry.studentName,
      clock(entry.arrivedAt) || '—',
      statusPicker(entry),
    ]);
  });
  await load();
});
