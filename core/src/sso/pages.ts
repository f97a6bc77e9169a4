/** Small server-rendered pages for SSO (login prompt, consent, logout, errors), zh-CN first. */

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const style = `body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f6f8;margin:0}
main{max-width:420px;margin:8vh auto;background:#fff;border-radius:8px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:28px 32px}
h1{font-size:20px;margin:0 0 12px}p,li{color:#333;line-height:1.6}small{color:#888}
label{display:block;margin:12px 0 4px;color:#555}input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:9px;border:1px solid #ccd;border-radius:4px;font-size:15px}
.row{display:flex;gap:12px;margin-top:20px}button{flex:1;padding:10px;border:0;border-radius:4px;font-size:15px;cursor:pointer}
.primary{background:#1a7f5a;color:#fff}.secondary{background:#e8eaed;color:#333}.error{color:#b8322a}`;

/** A whole page; `body` must already be escaped. */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export function errorPage(zh: string, en: string): string {
  return page(
    '无法登录',
    `<h1>无法完成登录</h1><p class="error">${escapeHtml(zh)}</p><p><small>${escapeHtml(en)}</small></p>`,
  );
}

/** What each scope lets a system read, in words a teacher or parent understands. */
export const scopeWords: Record<string, { zh: string; en: string }> = {
  openid: { zh: '确认您的身份（账号编号）', en: 'Confirm who you are (your account id)' },
  profile: { zh: '您的姓名', en: 'Your name' },
  email: { zh: '您的邮箱', en: 'Your email address' },
  phone: { zh: '您的手机号', en: 'Your mobile number' },
  campus: {
    zh: '您所在的学校、角色、班级或部门、学号/工号',
    en: 'Your school, roles, class or department, and school number',
  },
  offline_access: { zh: '在您离开后继续保持访问', en: 'Keep access while you are away' },
};
