// The notice board page. It runs in the portal's sandboxed iframe and reaches the app's routes and
// the portal only through the bridge; it never sees a session or another app.
import { applyTheme, connectBridge } from '@campusbase/plugin-sdk/ui';

const bridge = connectBridge();
const $ = (id) => document.getElementById(id);
let me = null;

function text(tag, content) {
  const element = document.createElement(tag);
  element.textContent = content;
  return element;
}

async function showNotices() {
  const classId = $('class').value;
  if (!classId) return;
  const { items } = await bridge.api.get(`/notices?classId=${encodeURIComponent(classId)}`);
  const list = $('notices');
  list.replaceChildren();
  for (const notice of items) {
    const item = document.createElement('li');
    if (notice.pinned) item.className = 'pinned';
    if (me && (notice.authorId === me.id || me.isAdmin)) {
      const remove = text('button', '删除');
      remove.className = 'delete';
      remove.addEventListener('click', () => removeNotice(notice));
      item.append(remove);
    }
    const when = new Date(notice.publishedAt).toLocaleString('zh-CN');
    item.append(
      text('h3', (notice.pinned ? '【置顶】' : '') + notice.title),
      text('p', notice.body),
      text('small', `${notice.authorName} · ${when}`),
    );
    list.append(item);
  }
  $('empty').hidden = items.length > 0;
  await bridge.resize(document.documentElement.scrollHeight);
}

async function removeNotice(notice) {
  const confirmed = await bridge.confirm({
    title: '删除公告',
    message: `确定删除「${notice.title}」吗？`,
    danger: true,
  });
  if (!confirmed) return;
  await bridge.api.delete(`/notices/${notice.id}`);
  await bridge.toast('success', '已删除');
  await showNotices();
}

async function post(event) {
  event.preventDefault();
  try {
    await bridge.api.post('/notices', {
      classId: $('class').value,
      title: $('title').value,
      body: $('body').value,
      pinned: $('pinned').checked,
    });
    $('compose').reset();
    await bridge.toast('success', '公告已发布');
    await showNotices();
  } catch (error) {
    await bridge.toast('error', error.message);
  }
}

async function start() {
  const context = await bridge.context();
  me = context.user;
  applyTheme(context.theme, document.documentElement);
  bridge.onThemeChange((theme) => applyTheme(theme, document.documentElement));
  const classes = await bridge.api.get('/classes');
  for (const unit of classes) {
    const option = text('option', unit.name);
    option.value = unit.id;
    $('class').append(option);
  }
  $('compose').hidden = !(me.kind === 'teacher' || me.kind === 'staff' || me.isAdmin);
  $('compose').addEventListener('submit', post);
  $('class').addEventListener('change', showNotices);
  await showNotices();
}

start().catch((error) => bridge.toast('error', error.message));
