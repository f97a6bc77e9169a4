import type { AppManifest } from '../manifest/types.ts';

/**
 * The local stand-in for the portal: it shows a page in `<iframe sandbox="allow-scripts
 * allow-forms">` from the UI origin and answers the bridge the way the portal does.
 */
export function devHostPage(manifest: AppManifest, uiOrigin: string): string {
  const pages = JSON.stringify(
    (manifest.ui?.pages ?? []).map((page) => ({ id: page.id, entry: page.entry, title: page.title.zh })),
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${manifest.name.zh} · campusbase-app dev</title>
<style>body{margin:0;font-family:system-ui,sans-serif;display:flex;height:100vh}nav{width:200px;background:#f2f3f5;padding:12px}
nav a{display:block;padding:6px;color:#1f2329;text-decoration:none}iframe{flex:1;border:0}#toast{position:fixed;top:12px;right:12px}
#toast div{background:#1f2329;color:#fff;padding:8px 12px;margin-bottom:6px;border-radius:4px}</style></head>
<body><nav><b>${manifest.name.zh}</b><div id="pages"></div><p><small>本地开发宿主（假平台）</small></p></nav>
<iframe id="app" sandbox="allow-scripts allow-forms"></iframe><div id="toast"></div>
<script type="module">
const pages = ${pages};
const uiOrigin = ${JSON.stringify(uiOrigin)};
const frame = document.getElementById('app');
const theme = { dark: false, tokens: { 'color-primary': '#1677ff', 'color-text': '#1f2329', 'color-bg': '#ffffff', 'color-border': '#dcdfe6', radius: '6px' } };
const user = ${JSON.stringify({ id: 'dev-teacher', name: '开发者老师', kind: 'teacher', isAdmin: true })};
let current = pages[0];
function show(page) {
  current = page;
  frame.src = uiOrigin + '/ui/' + page.entry + '?cbHostOrigin=' + encodeURIComponent(location.origin);
}
for (const page of pages) {
  const link = document.createElement('a');
  link.href = '#'; link.textContent = page.title;
  link.onclick = (event) => { event.preventDefault(); show(page); };
  document.getElementById('pages').append(link);
}
const handlers = {
  'context.get': () => ({ app: { id: ${JSON.stringify(manifest.id)}, version: ${JSON.stringify(manifest.version)}, installationId: 'dev' }, page: current.id, user, locale: 'zh-CN', theme, approvedScopes: ${JSON.stringify(manifest.permissions ?? [])} }),
  navigate: (params) => { const page = pages.find((p) => p.id === params.page); if (page) show(page); return null; },
  'dialog.alert': (params) => { alert(params.title + '\\n\\n' + params.message); return null; },
  'dialog.confirm': (params) => ({ confirmed: confirm(params.title + '\\n\\n' + params.message) }),
  'toast.show': (params) => { const div = document.createElement('div'); div.textContent = params.message; document.getElementById('toast').append(div); setTimeout(() => div.remove(), 3000); return null; },
  'api.call': async (params) => {
    const response = await fetch('/apps/dev/api' + params.path, { method: params.method, headers: { 'content-type': 'application/json' }, body: params.body === undefined ? undefined : JSON.stringify(params.body) });
    const text = await response.text();
    let body = null; try { body = text ? JSON.parse(text) : null; } catch { body = text; }
    return { status: response.status, body };
  },
  'frame.resize': () => null,
};
window.addEventListener('message', async (event) => {
  const message = event.data;
  if (event.source !== frame.contentWindow || !message || message.channel !== 'campusbase.bridge' || message.kind !== 'request') return;
  const reply = (fields) => frame.contentWindow.postMessage({ channel: 'campusbase.bridge', version: 1, kind: 'response', id: message.id, ...fields }, '*');
  const handler = handlers[message.method];
  if (!handler) return reply({ ok: false, error: { status: 400, code: 'unknown_method', message: { zh: '未知方法', en: 'Unknown method' } } });
  try { reply({ ok: true, result: await handler(message.params) }); }
  catch (error) { reply({ ok: false, error: { status: 500, code: 'host_error', message: { zh: String(error), en: String(error) } } }); }
});
let version = null;
setInterval(async () => {
  const next = await fetch('/__dev/version').then((r) => r.text()).catch(() => version);
  if (version !== null && next !== version) show(current);
  version = next;
}, 1000);
if (current) show(current);
</script></body></html>`;
}
