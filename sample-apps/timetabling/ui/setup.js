import { $, bridge, fail, fit, h, options, rows, start } from '../ui-lib/page.js';

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
  $('counts').replaceChildren(
    ...Object.entries(labels).map(([kind, label]) => {
      const card = h('div', label, { class: 'card' });
      card.prepend(h('b', setup[kind].length));
      return card;
    }),
  );
  options($('req-class'), setup.classes);
  options(
    $('req-subject'),
    setup.subjects,
    (s) => s.name,
    (s) => s.code,
  );
  options($('req-teacher'), setup.teachers);
  options($('un-teacher'), setup.teachers);
  options($('req-room'), [{ id: '', name: '班级教室' }, ...setup.rooms]);
  rows($('requirements'), setup.requirements, (req) => {
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
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    send(action);
  });
}

start(async () => {
  options(
    $('un-day'),
    ['周一', '周二', '周三', '周四', '周五', '周六', '周日'].map((name, i) => ({ id: i + 1, name })),
  );
  $('import').addEventListener('click', () =>
    send(
      () => bridge.api.post('/import'),
      (r) => `导入班级 ${r.classes} 个、教师 ${r.teachers} 名`,
    ),
  );
  $('demo').addEventListener('click', () => send(() => bridge.api.post('/demo'), '已导入示例学校'));
  onSubmit('subject', () =>
    bridge.api.post('/setup/subjects', { code: $('subject-code').value, name: $('subject-name').value }),
  );
  onSubmit('room', () =>
    bridge.api.post('/setup/rooms', { name: $('room-name').value, kind: $('room-kind').value }),
  );
  onSubmit('requirement', () =>
    bridge.api.post('/setup/requirements', {
      classId: $('req-class').value,
      subjectCode: $('req-subject').value,
      teacherId: $('req-teacher').value,
      hours: Number($('req-hours').value),
      roomId: $('req-room').value || null,
    }),
  );
  onSubmit('unavailable', () => {
    const teacher = setup.teachers.find((t) => t.id === $('un-teacher').value);
    const { id, ...data } = teacher;
    const slot = { day: Number($('un-day').value), period: Number($('un-period').value) };
    return bridge.api.put(`/setup/teachers/${id}`, { ...data, unavailable: [...data.unavailable, slot] });
  });
  await load();
});
