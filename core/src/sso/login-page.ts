import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/types.ts';
import { escapeHtml, page } from './pages.ts';

/**
 * The minimal login form SSO shows when a school system sends someone who is not logged in to the
 * base. It posts to identity's own login route (`POST /api/v1/auth/login`) from a same-origin
 * script (the CSP allows 'self'), then reloads, so passwords, lockout and MFA stay identity's.
 * People who need MFA or SMS login continue in the portal, which returns here afterwards.
 */
export function loginPage(returnTo: string, title: string): string {
  const portal = `/login?redirect=${encodeURIComponent(returnTo)}`;
  return page(
    '统一身份认证',
    `<h1>登录统一身份认证</h1><p>${escapeHtml(title)}</p>
<form id="cb-sso-login" method="post" action="/api/v1/auth/login" data-portal="${escapeHtml(portal)}">
<label for="login">手机号 / 邮箱 / 用户名</label><input id="login" name="login" type="text" autocomplete="username" required>
<label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p class="error" id="cb-sso-error" role="alert"></p>
<div class="row"><button class="primary" type="submit">登录 Log in</button></div></form>
<p><small>需要短信验证码或两步验证？<a href="${escapeHtml(portal)}">前往门户登录</a>，完成后会自动返回。</small></p>
<script src="/sso/login.js" defer></script>`,
  );
}

const script = `(() => {
  const form = document.getElementById('cb-sso-login');
  const error = document.getElementById('cb-sso-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const body = JSON.stringify({ login: form.login.value, password: form.password.value });
    try {
      const res = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body, credentials: 'same-origin' });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) { error.textContent = (data.error && data.error.message) || '登录失败，请重试'; return; }
      if (data.status === 'mfa_required') { location.assign(form.dataset.portal); return; }
      location.reload();
    } catch { error.textContent = '网络错误，请重试'; }
  });
})();`;

/** Serves the login form's script from our own origin. */
export function loginScriptRoute(app: OpenAPIHono<AppEnv>): void {
  app.get('/sso/login.js', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
}
