import { byId, createPage, fillOptions, h } from '@campusbase/plugin-sdk/ui';

const page = createPage();
const { bridge, fail, fit, start } = page;

const DAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
let current = null;
let picked = null;

function describe(progress) {
  if (!progress) return '';
  const phase = { construct: '正在初排', improve: '正在优化', done: '已完成' }[progress.phase];
  return `${phase} ${progress.percent}% · 硬冲突 ${progress.hardConflicts} · 未排入 ${progress.unplaced} · 科目扎堆 ${progress.soft.spread} · 连堂超限 ${progress.soft.consecutive}`;
}

function showProgress(progress, status) {
  byId('progress').value = progress?.percent ?? 0;
  byId('status').textContent = `${describe(progress)}${status === 'published' ? ' · 已发布' : ''}`;
}

async function pick(lesson, day, period) {
  if (!picked) {
    if (!lesson) return;
    picked = lesson;
    return render();
  }
  const move = { unit: picked.unit, day, period };
  picked = null;
  try {
    await bridge.api.post(`/timetables/${current.id}/move`, move);
    await bridge.toast('success', '已调整');
  } catch (error) {
    await fail(error);
  }
  await load(current.id);
}

function render() {
  const classId = byId('view-class').value;
  const head = h('tr');
  head.append(h('th', '节次'), ...DAYS.slice(0, current.days).map((day) => h('th', day)));
  byId('head').replaceChildren(head);
  const body = [];
  for (let period = 1; period <= current.periods; period += 1) {
    const row = h('tr');
    row.append(h('td', `第${period}节`));
    for (let day = 1; day <= current.days; day += 1) {
      const lesson = current.lessons.find(
        (l) => l.classId === classId && l.day === day && l.period === period,
      );
      const cell = h('td', lesson ? lesson.subject : '', { class: 'slot' });
      if (lesson) cell.append(h('small', `${lesson.teacherName} · ${lesson.roomName}`));
      if (lesson?.locked) cell.classList.add('locked');
      if (lesson && picked?.unit === lesson.unit) cell.classList.add('picked');
      cell.addEventListener('click', () => pick(lesson, day, period));
      row.append(cell);
    }
    body.push(row);
  }
  byId('grid').replaceChildren(...body);
  return fit();
}

async function load(id) {
  current = await bridge.api.get(`/timetables/${id}`);
  const chosen = byId('view-class').value;
  fillOptions(byId('view-class'), current.classes);
  if (chosen) byId('view-class').value = chosen;
  showProgress(current.progress, current.status);
  await render();
}

/** Calls the solver slice by slice (each call is short, within the sandbox's CPU budget). */
async function solve() {
  byId('solve').disabled = true;
  try {
    for (;;) {
      const progress = await bridge.api.post(`/timetables/${current.id}/solve`);
      showProgress(progress, current.status);
      if (progress.phase === 'done') break;
    }
    await load(current.id);
  } catch (error) {
    await fail(error);
  } finally {
    byId('solve').disabled = false;
  }
}

async function refreshList(selectId) {
  const list = await bridge.api.get('/timetables');
  fillOptions(
    byId('timetable'),
    list,
    (item) => `${item.name}${item.status === 'published' ? '（已发布）' : ''}`,
  );
  if (selectId) byId('timetable').value = selectId;
  if (byId('timetable').value) await load(byId('timetable').value);
}

start(async () => {
  byId('timetable').addEventListener('change', () => load(byId('timetable').value).catch(fail));
  byId('view-class').addEventListener('change', () => render());
  byId('create').addEventListener('click', async () => {
    const name = `课表 ${new Date().toLocaleDateString('zh-CN')}`;
    const created = await bridge.api.post('/timetables', { name }).catch(fail);
    if (created) await refreshList(created.id);
  });
  byId('solve').addEventListener('click', () => current && solve());
  byId('publish').addEventListener('click', async () => {
    if (!current || !(await bridge.confirm({ title: '发布课表', message: '发布后将推送到各班电子班牌。' })))
      return;
    const result = await bridge.api.post(`/timetables/${current.id}/publish`).catch(fail);
    if (result) await bridge.toast('success', `已发布，已推送到 ${result.boards.length} 块班牌`);
    await load(current.id);
  });
  byId('export').addEventListener('click', async () => {
    // A sandboxed page cannot download files; the CSV is shown for copying into Excel.
    const csv = await bridge.api.get(`/timetables/${current.id}/export`).catch(fail);
    byId('csv').hidden = false;
    byId('csv').value = csv ?? '';
    await fit();
  });
  await refreshList();
});
