import { byId, createPage, fillOptions, fillRows, h } from '@campusbase/plugin-sdk/ui';

const page = createPage();
const { bridge, fail, fit, start } = page;

let setup = null;
const nameOf = (list, id) => list.find((item) => item.id === id)?.name ?? '（已删除）';

async function load() {
  setup = await bridge.api.get('/setup');
  const labels = {
    classes: '班级',
    teachers: '教师',
    rooms: '教室',
    subjects: '科目',
    requirements: '课时条目',
  };
  byId('counts').replaceChildren(
    ...Object.entries(labels).map(([kind, label]) => {
      const card = h('div', label, { class: 'card' });
      card.prepend(h('b', setup[kind].length));
      return card;
    }),
  );
  fillOptions(byId('req-class'), setup.classes);
  fillOptions(
    byId('req-subject'),
    setup.subjects,
    (s) => s.name,
    (s) => s.code,
  );
  fillOptions(byId('req-teacher'), setup.teachers);
  fillOptions(byId('un-teacher'), setup.teachers);
  fillOptions(byId('req-room'), [{ id: '', name: '班级教室' }, ...setup.rooms]);
  fillRows(byId('requirements'), setup.requirements, (req) => {
    const remove = h('button', '删除', { type: 'button', class: 'danger' });
    remove.addEventListener('click', () => send(() => bridge.api.delete(`/setup/requirements/${req.id}`)));
    return [
      nameOf(setup.classes, req.classId),
      setup.subjects.find((s) => s.code === req.subjectCode)?.name ?? req.subjectCode,
      nameOf(setup.teachers, req.teacherId),
      req.hours,
      req.roomId ? nameOf(setup.rooms, req.roomId) : '班级教室',
      remove,
    ];
  });
  await fit();
}

async function send(action, message = '已保存') {
  try {
    const result = await action();
    await bridge.toast('success', typeof message === 'function' ? message(result) : message);
    await load();
  } catch (error) {
    await fail(error);
  }
}

function onSubmit(id, action) {
  byId(id).addEventListener('submit', (event) => {
    event.preventDefault();
    send(action);
  });
}

start(async () => {
  fillOptions(
    byId('un-day'),
    ['周一', '周二', '周三', '周四', '周五', '周六', '周日'].map((name, i) => ({ id: i + 1, name })),
  );
  byId('import').addEventListener('click', () =>
    send(
      () => bridge.api.post('/import'),
      (r) => `导入班级 ${r.classes} 个、教师 ${r.teachers} 名`,
    ),
  );
  byId('demo').addEventListener('click', () => send(() => bridge.api.post('/demo'), '已导入示例学校'));
  onSubmit('subject', () =>
    bridge.api.post('/setup/subjects', {
      code: byId('subject-code').value,
      name: byId('subject-name').value,
    }),
  );
  onSubmit('room', () =>
    bridge.api.post('/setup/rooms', { name: byId('room-name').value, kind: byId('room-kind').value }),
  );
  onSubmit('requirement', () =>
    bridge.api.post('/setup/requirements', {
      classId: byId('req-class').value,
      subjectCode: byId('req-subject').value,
      teacherId: byId('req-teacher').value,
      hours: Number(byId('req-hours').value),
      roomId: byId('req-room').value || null,
    }),
  );
  onSubmit('unavailable', () => {
    const teacher = setup.teachers.find((t) => t.id === byId('un-teacher').value);
    const { id, ...data } = teacher;
    const slot = { day: Number(byId('un-day').value), period: Number(byId('un-period').value) };
    return bridge.api.put(`/setup/teachers/${id}`, { ...data, unavailable: [...data.unavailable, slot] });
  });
  await load();
});
