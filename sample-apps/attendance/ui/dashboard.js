import { labels } from '../ui-lib/labels.js';
import {
  byId,
  campusClock,
  campusDate,
  createPage,
  fillHead,
  fillOptions,
  fillRows,
  h,
} from '@campusbase/plugin-sdk/ui';

const page = createPage({ labels });
const { bridge, fail, fit, start } = page;

const head = (id, titles) => fillHead(byId(id), titles);

function totals(items) {
  byId('totals').replaceChildren(
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
  byId('first-title').textContent = '各班情况';
  head('first-head', ['班级', '应到', '出勤', '迟到', '请假', '缺勤']);
  fillRows(byId('first'), report.classes, (row) => [
    row.className,
    row.enrolled,
    row.present,
    row.late,
    row.leave,
    row.absent,
  ]);
  byId('second-title').textContent = '异常名单';
  head('second-head', ['学生', '班级', '状态', '到校时间']);
  fillRows(byId('second'), report.exceptions, (row) => [
    row.studentName,
    row.className,
    h('span', page.t(row.status), { class: `tag ${row.status}` }),
    campusClock(row.arrivedAt),
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
  byId('first-title').textContent = `${report.from} 至 ${report.to}`;
  head('first-head', ['日期', '出勤', '迟到', '请假', '缺勤', '出勤率']);
  fillRows(byId('first'), report.days, (day) => [
    day.date,
    day.present,
    day.late,
    day.leave,
    day.absent,
    `${day.rate}%`,
  ]);
  byId('second-title').textContent = '本周有迟到、请假或缺勤的学生';
  head('second-head', ['学生', '班级', '迟到', '请假', '缺勤']);
  fillRows(byId('second'), report.students, (row) => [
    row.studentName,
    row.className,
    row.late,
    row.leave,
    row.absent,
  ]);
}

async function show() {
  const date = byId('date').value || campusDate();
  try {
    await (byId('mode').value === 'weekly' ? weekly : daily)(date, byId('class').value);
    await fit();
  } catch (error) {
    await fail(error);
  }
}

start(async () => {
  byId('date').value = campusDate();
  const classes = await bridge.api.get('/classes');
  fillOptions(byId('class'), [{ id: '', name: '全校' }, ...classes]);
  for (const id of ['mode', 'date', 'class']) byId(id).addEventListener('change', show);
  await show();
});
