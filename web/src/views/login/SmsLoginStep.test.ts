import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { createPortalI18n } from '../../i18n/index.ts';
import { useBranding } from '../../stores/branding.ts';
import { fakeApi } from '../../test-api.ts';
import { mountPortal, settle } from '../../test-utils.ts';
import LoginPage from './index.vue';
import { sendErrorText } from './login-error.ts';
import SmsLoginStep from './SmsLoginStep.vue';

const fenglin = { id: 'a0000000-0000-4000-8000-000000000001', code: '2145010301', name: '凤岭实验小学' };
const yongjiang = { id: 'a0000000-0000-4000-8000-000000000002', code: '2145010302', name: '邕江初级中学' };
const sent = () => ({ accepted: true, resendAfterSeconds: 60 });
const loggedIn = { status: 'ok', activeTenantId: null, passwordExpired: false };
const refused = (status: number, code: string, message: string, retryAfter?: number) =>
  Response.json(
    { error: { code, message } },
    { status, headers: retryAfter ? { 'Retry-After': String(retryAfter) } : {} },
  );

function parent(schools: Array<{ id: string; code: string; name: string }>): Me {
  return {
    person: {
      id: '00000000-0000-4000-8000-000000000001',
      displayName: '陈静',
      phone: '139****9001',
      email: null,
      username: null,
      nationalIdMasked: null,
      locale: 'zh-CN',
    },
    activeTenant: null,
    roles: [],
    permissions: [],
    mfa: { enrolled: false, verified: false, requiredButMissing: false },
    passwordChangeRequired: false,
    tenants: schools.map((s) => ({
      tenantId: s.id,
      code: s.code,
      name: s.name,
      kind: 'school',
      roles: ['parent'],
      memberships: [],
    })),
    children: [],
  };
}

const input = (wrapper: VueWrapper, test: string) => wrapper.find(`input[data-test="${test}"]`);
const button = (wrapper: VueWrapper, test: string) =>
  wrapper.find(`[data-test="${test}"]`).element as HTMLButtonElement;
const sends = (calls: Array<{ path: string }>) => calls.filter((c) => c.path === '/api/v1/auth/sms/send');
const text = (wrapper: VueWrapper, test: string) => wrapper.find(`[data-test="${test}"]`).text();

async function openLoginPage(school: { id: string; code: string; name: string }) {
  const wrapper = await mountPortal(LoginPage);
  await settle();
  await useBranding().load(school.code);
  await settle();
  return wrapper;
}

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('短信验证码登录 on the login page', () => {
  const tenants = {
    [`GET /api/v1/tenants/${fenglin.code}/public`]: () => ({ ...fenglin, kind: 'school', branding: {} }),
  };

  it('offers 账号密码登录 first and switches to the SMS form', async () => {
    fakeApi(tenants);
    const wrapper = await openLoginPage(fenglin);
    expect(text(wrapper, 'mode-password')).toBe('账号密码登录');
    expect(text(wrapper, 'mode-sms')).toBe('短信验证码登录');
    expect(input(wrapper, 'username').isVisible()).toBe(true);
    expect(wrapper.find('[data-test="sms-login"]').exists()).toBe(false);
    await wrapper.find('[data-test="mode-sms"]').trigger('click');
    await settle();
    expect(input(wrapper, 'sms-phone').isVisible()).toBe(true);
    expect(input(wrapper, 'username').isVisible()).toBe(false);
    const code = input(wrapper, 'sms-code').element as HTMLInputElement;
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code.maxLength).toBe(6);
  });

  it('continues like a password login: a parent of two schools on the bureau page chooses one', async () => {
    const county = { id: 'c0000000-0000-4000-8000-000000000003', code: '450103', name: '青秀区教育局' };
    let me: Me | null = null;
    const server = fakeApi({
      [`GET /api/v1/tenants/${county.code}/public`]: () => ({ ...county, kind: 'county', branding: {} }),
      'POST /api/v1/auth/sms/send': sent,
      'POST /api/v1/auth/sms/login': () => {
        me = parent([fenglin, yongjiang]);
        return loggedIn;
      },
      'GET /api/v1/me': () => me ?? refused(401, 'unauthenticated', '请先登录'),
    });
    const wrapper = await openLoginPage(county);
    await wrapper.find('[data-test="mode-sms"]').trigger('click');
    await settle();
    await input(wrapper, 'sms-phone').setValue('139 0771 9001');
    await wrapper.find('[data-test="sms-send"]').trigger('click');
    await settle();
    await input(wrapper, 'sms-code').setValue('123456');
    await wrapper.find('[data-test="sms-login"]').trigger('submit');
    await settle();
    expect(server.calls.find((c) => c.path === '/api/v1/auth/sms/login')?.body).toEqual({
      phone: '13907719001',
      code: '123456',
    });
    expect(text(wrapper, 'school-chooser')).toContain(yongjiang.name);
  });

  it('asks for the authenticator code next when the account has two-step verification', async () => {
    fakeApi({
      ...tenants,
      'POST /api/v1/auth/sms/send': sent,
      'POST /api/v1/auth/sms/login': () => ({ ...loggedIn, status: 'mfa_required' }),
    });
    const wrapper = await openLoginPage(fenglin);
    await wrapper.find('[data-test="mode-sms"]').trigger('click');
    await settle();
    await input(wrapper, 'sms-phone').setValue('13907719001');
    await input(wrapper, 'sms-code').setValue('123456');
    await wrapper.find('[data-test="sms-login"]').trigger('submit');
    await settle();
    expect(input(wrapper, 'totp-code').exists()).toBe(true);
  });
});

describe('the SMS login form', () => {
  it('checks the number is a mainland mobile before asking for a code', async () => {
    const server = fakeApi({ 'POST /api/v1/auth/sms/send': sent });
    const wrapper = await mountPortal(SmsLoginStep);
    await input(wrapper, 'sms-phone').setValue('0771-5551234');
    await wrapper.find('[data-test="sms-send"]').trigger('click');
    await settle();
    expect(sends(server.calls)).toHaveLength(0);
    expect(text(wrapper, 'sms-phone-error')).toBe('请输入正确的 11 位手机号（中国大陆）');
    await input(wrapper, 'sms-phone').setValue('+86 139-0771-9001');
    expect(wrapper.find('[data-test="sms-phone-error"]').exists()).toBe(false);
    await wrapper.find('[data-test="sms-send"]').trigger('click');
    await settle();
    expect(server.calls.at(-1)?.body).toEqual({ phone: '13907719001' });
    expect(text(wrapper, 'sms-info')).toBe('如该手机号已开通账号，验证码已发送，5 分钟内有效。');
  });

  it('counts 60 seconds down before another code can be asked for', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const server = fakeApi({ 'POST /api/v1/auth/sms/send': sent });
    const wrapper = await mountPortal(SmsLoginStep);
    await input(wrapper, 'sms-phone').setValue('13907719001');
    await wrapper.find('[data-test="sms-send"]').trigger('click');
    await settle();
    expect(text(wrapper, 'sms-send')).toBe('60 秒后可重新获取');
    expect(button(wrapper, 'sms-send').disabled).toBe(true);
    vi.advanceTimersByTime(59_000);
    await settle();
    expect(text(wrapper, 'sms-send')).toBe('1 秒后可重新获取');
    vi.advanceTimersByTime(1_000);
    await settle();
    expect(text(wrapper, 'sms-send')).toBe('获取验证码');
    expect(button(wrapper, 'sms-send').disabled).toBe(false);
    await wrapper.find('[data-test="sms-send"]').trigger('click');
    await settle();
    expect(sends(server.calls)).toHaveLength(2);
  });

  it('says 发送过于频繁 with the server’s Retry-After, and counts that down', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    fakeApi({
      'POST /api/v1/auth/sms/send': () =>
        refused(429, 'locked', '短信发送尝试次数过多，已暂时锁定，请 1 分钟后再试或联系学校管理员', 42),
    });
    const wrapper = await mountPortal(SmsLoginStep);
    await input(wrapper, 'sms-phone').setValue('13907719001');
    await wrapper.find('[data-test="sms-send"]').trigger('click');
    await settle();
    expect(text(wrapper, 'sms-error')).toBe('发送过于频繁，请 42 秒后再试');
    expect(text(wrapper, 'sms-send')).toBe('42 秒后可重新获取');
    vi.advanceTimersByTime(42_000);
    await settle();
    expect(button(wrapper, 'sms-send').disabled).toBe(false);
  });

  it('shows a wrong code, and a lockout with its wait on the login button', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const answers = [
      refused(401, 'invalid_code', '验证码不正确或已过期，请重新获取'),
      refused(429, 'locked', '该手机号验证码尝试次数过多，已暂时锁定，请 15 分钟后再试或联系学校管理员', 900),
    ];
    fakeApi({ 'POST /api/v1/auth/sms/login': () => answers.shift() });
    const wrapper = await mountPortal(SmsLoginStep);
    await input(wrapper, 'sms-phone').setValue('13907719001');
    expect(button(wrapper, 'sms-submit').disabled).toBe(true);
    await input(wrapper, 'sms-code').setValue('12345');
    expect(button(wrapper, 'sms-submit').disabled).toBe(true);
    await input(wrapper, 'sms-code').setValue('123456');
    expect(button(wrapper, 'sms-submit').disabled).toBe(false);
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(text(wrapper, 'sms-error')).toBe('验证码不正确或已过期，请重新获取');
    expect((input(wrapper, 'sms-code').element as HTMLInputElement).value).toBe('');

    await input(wrapper, 'sms-code').setValue('654321');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(text(wrapper, 'sms-error')).toContain('已暂时锁定，请 15 分钟后再试');
    await input(wrapper, 'sms-code').setValue('111111');
    expect(button(wrapper, 'sms-submit').disabled).toBe(true);
    expect(text(wrapper, 'sms-submit')).toBe('请 900 秒后重试');
  });
});

describe('the SMS login form in English', () => {
  it('speaks English when the person chose it, with the same rules', async () => {
    fakeApi({ 'POST /api/v1/auth/sms/send': () => refused(429, 'locked', 'locked', 30) });
    const wrapper = mount(SmsLoginStep, {
      attachTo: document.body,
      global: { plugins: [createPinia(), createPortalI18n('en')] },
    });
    expect(text(wrapper, 'sms-send')).toBe('Get code');
    await input(wrapper, 'sms-phone').setValue('12345');
    await wrapper.find('[data-test="sms-send"]').trigger('click');
    await settle();
    expect(text(wrapper, 'sms-phone-error')).toBe('Enter a valid 11-digit mainland China mobile number');
    await input(wrapper, 'sms-phone').setValue('13907719001');
    await wrapper.find('[data-test="sms-send"]').trigger('click');
    await settle();
    expect(text(wrapper, 'sms-error')).toBe('Too many codes requested. Try again in 30 seconds');
    expect(text(wrapper, 'sms-submit')).toBe('Log in');
    wrapper.unmount();
  });
});

describe('sendErrorText', () => {
  const words = {
    offline: 'offline',
    tooOftenSeconds: (s: number) => `${s}s`,
    tooOftenMinutes: (m: number) => `${m}min`,
  };
  it('words a throttle in seconds, or minutes for the hourly limits', () => {
    expect(sendErrorText(new ApiError(429, 'locked', 'x', undefined, 60), words)).toEqual({
      message: '60s',
      waitSeconds: 60,
    });
    expect(sendErrorText(new ApiError(429, 'locked', 'x', undefined, 3599), words)).toEqual({
      message: '60min',
      waitSeconds: 3599,
    });
  });
  it('passes other answers through and says when the server cannot be reached', () => {
    expect(sendErrorText(new ApiError(400, 'invalid', '手机号格式不正确'), words)).toEqual({
      message: '手机号格式不正确',
      waitSeconds: null,
    });
    expect(sendErrorText(new TypeError('fetch failed'), words)).toEqual({
      message: 'offline',
      waitSeconds: null,
    });
  });
});
