/** The SSO console's messages (kept beside it, so the shared locale files stay untouched). */
const zh = {
  sso: {
    title: '统一身份认证接入',
    lead: '登记本校的其他系统（教务、图书馆等），师生家长即可用平台账号登录它们。',
    oidcTab: 'OIDC 客户端',
    casTab: 'CAS 服务',
    name: '系统名称',
    clientId: '客户端 ID',
    redirectUris: '回调地址（每行一个）',
    postLogoutUris: '退出后跳转地址（每行一个，可空）',
    confidential: '服务端系统（有密钥）',
    public: '浏览器/移动应用（无密钥，使用 PKCE）',
    skipConsent: '跳过授权确认页（仅限学校自建系统）',
    status: '状态',
    active: '启用',
    disabled: '已停用',
    add: '登记系统',
    edit: '编辑',
    save: '保存',
    cancel: '取消',
    disable: '停用',
    enable: '启用',
    disableConfirm: '停用「{name}」？停用后该系统无法再用统一身份认证登录，可随时重新启用。',
    resetSecret: '重置密钥',
    resetConfirm: '为「{name}」生成新密钥？旧密钥立即失效，需要马上在该系统中填入新密钥。',
    secretTitle: '请立即保存密钥',
    secretLead: '密钥只显示这一次。请现在填入「{name}」的设置；丢失后只能重置。',
    secret: '客户端密钥',
    secretSaved: '我已保存',
    noSecret: '此客户端无密钥（公开客户端，使用 PKCE）。',
    copy: '复制',
    copied: '已复制',
    saved: '已保存',
    serviceUrl: '服务地址',
    attributes: '释放的属性',
    none: '本校还没有登记系统',
    urlHint: '必须是 https:// 地址；内网地址（10.x、172.16–31.x、192.168.x、localhost）可用 http://',
    badUrls: '以下地址不合要求：{urls}',
    needName: '请填写系统名称',
    needUri: '请至少填写一个回调地址',
    attr: {
      name: '姓名',
      tenant: '学校',
      roles: '角色',
      orgUnits: '所在部门/班级',
      schoolNumber: '学号/工号',
      phone: '手机号',
      email: '邮箱',
    },
    phoneWarning: '手机号和邮箱属于个人信息，许多用户是未成年人，仅在确有需要时释放。',
  },
};

export type SsoMessages = typeof zh;

const en: SsoMessages = {
  sso: {
    title: 'Single sign-on',
    lead: "Register the school's other systems (academic affairs, library…) so people log in to them with their platform account.",
    oidcTab: 'OIDC clients',
    casTab: 'CAS services',
    name: 'System name',
    clientId: 'Client ID',
    redirectUris: 'Redirect URIs (one per line)',
    postLogoutUris: 'Post-logout redirect URIs (one per line, optional)',
    confidential: 'Server-side system (with a secret)',
    public: 'Browser or mobile app (no secret, PKCE)',
    skipConsent: 'Skip the consent page (only for systems the school runs)',
    status: 'Status',
    active: 'Active',
    disabled: 'Disabled',
    add: 'Register a system',
    edit: 'Edit',
    save: 'Save',
    cancel: 'Cancel',
    disable: 'Disable',
    enable: 'Enable',
    disableConfirm: 'Disable “{name}”? It can no longer log people in until you enable it again.',
    resetSecret: 'New secret',
    resetConfirm: 'Issue a new secret for “{name}”? The old one stops working at once.',
    secretTitle: 'Save the secret now',
    secretLead: 'The secret is shown only this once. Enter it in the settings of “{name}” now.',
    secret: 'Client secret',
    secretSaved: 'I have saved it',
    noSecret: 'This client has no secret (public client, PKCE).',
    copy: 'Copy',
    copied: 'Copied',
    saved: 'Saved',
    serviceUrl: 'Service URL',
    attributes: 'Released attributes',
    none: 'No systems registered yet',
    urlHint:
      'Must be https://; http:// only for intranet addresses (10.x, 172.16–31.x, 192.168.x, localhost)',
    badUrls: 'These addresses are not allowed: {urls}',
    needName: 'Enter the system name',
    needUri: 'Enter at least one redirect URI',
    attr: {
      name: 'Name',
      tenant: 'School',
      roles: 'Roles',
      orgUnits: 'Departments/classes',
      schoolNumber: 'Student/staff number',
      phone: 'Mobile',
      email: 'Email',
    },
    phoneWarning:
      'Mobile numbers and emails are personal data and many users are minors: release them only when needed.',
  },
};

export const ssoMessages = { 'zh-CN': zh, en };

const PRIVATE_HOST =
  /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)$/;

/** The server's rule for redirect and service URLs, checked before sending so the form can say which. */
export function isAllowedUrl(value: string): boolean {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || url.hash || url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && PRIVATE_HOST.test(url.hostname));
}

export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The addresses in `text` (one per line) that the server would refuse. */
export const refusedUrls = (text: string): string[] => lines(text).filter((u) => !isAllowedUrl(u));
