import { STATUS } from '../ui-lib/labels.js';
import { $, bridge, clock, fail, fit, h, options, rows, start, today } from '../ui-lib/page.js';

function head(id, titles) {
  const row = h('tr');
  for (const title of titles) row.append(h('th', title));
  $(id).replaceChildren(row);
}

function totals(items) {
  $('totals').replaceChildren(
    ...items.map(([label, value]) => {
      const card = h('div', label, { class: 'card' });
      card.prepend(h('b', value));
      return card;
    }),
  );
}

async function daily(date, classId) {
  const report = await bridge.api.get(`/reports/daily?date=${date}${classId ? `&classId=${classId}` : ''}`);
  const { total } = report;
  totals([
    ['应到', total.enrolled],
    ['出勤', total.present],
    ['迟到', total.late],
    ['请假', total.leave],
    ['缺勤', total.absent],
  ]);
  $('first-title').textContent = '各班情况';
  head('first-head', ['班级', '应到', '出勤', '迟到', '请假', '缺勤']);
  rows($('first'), report.classes, (row) => [
    row.className,
    row.enrolled,
    row.present,
    row.late,
    row.leave,
    row.absent,
  ]);
  $('second-title').textContent = '异常名单';
  head('second-head', ['学生', '班级', '状态', '到校时间']);
  rows($('second'), report.exceptions, (row) => [
    row.studentName,
    row.className,
    h('span', STATUS[row.status], { class: `tag ${row.status}` }),
    clock(row.arrivedAt),
  ]);
}

async function weekly(date, classId) {
  const report = await bridge.api.get(`/reports/weekly?week=${date}${classId ? `&classId=${classId}` : ''}`);
  const average = report.days.length
    ? report.days.reduce((sum, day) => sum + day.rate, 0) / report.days.length
    : 100;
  totals([
    ['应到人数', report.enrolled],
    ['上学日', report.days.length],
    ['平均出勤率', `${average.toFixed(1)}%`],
  ]);
  $('first-title').textContent = `${report.from} 至 ${report.to}`;
  head('first-head', ['日期', '出勤', '迟到', '请假', '缺勤', '出勤率']);
  rows($('first'), report.days, (day) => [
    day.date,
    day.present,
    day.late,
    day.leave,
    day.absent,
    `${day.rate}%`,
  ]);
  $('second-title').textContent = '本周有迟到、请假或缺勤的学生';
  head('second-head', ['学生', '班级', '迟到', '请假', '缺勤']);
  rows($('second'), report.students, (row) => [
    row.studentName,
    row.className,
    row.late,
    row.leave,
    row.absent,
  ]);
}

async function show() {
  const date = $('date').value || today();
  try {
    await ($('mode').value === 'weekly' ? weekly : daily)(date, $('class').value);
    await fit();
  } catch (error) {
    await fail(error);
  }
}

start(async () => {
  $('date').value = today();
  const classes = await bridge.api.get('/classes');
  options($('class'), [{ id: '', name: '全校' }, ...classes]);
  for (const id of ['mode', 'date', 'class']) $(id).addEventListener('change', show);
  await show();
});
