import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { fakeApi } from '../../test-api.ts';
import { mountPortal, settle } from '../../test-utils.ts';
import ForgotPassword from './ForgotPassword.vue';

const grant = (totpRequired: boolean) => ({
  ticket: 'T'.repeat(43),
  expiresAt: '2026-11-22T04:10:00.000Z',
  channel: 'sms',
  accountHint: '陈*',
  totpRequired,
  passwordPolicy: { minLength: 10, minCharClasses: 3 },
});

function mountForgot(token: string | null = null) {
  return mountPortal(defineComponent({ render: () => h(ForgotPassword, { token }) }));
}

async function type(wrapper: VueWrapper, test: string, value: string) {
  // Element Plus puts the attribute on the <input> itself.
  await wrapper.find(`input[data-test="${test}"]`).setValue(value);
}

const button = (wrapper: VueWrapper, test: string) =>
  wrapper.find(`[data-test="${test}"]`).element as HTMLButtonElement;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('忘记密码 on the login page', () => {
  it('takes a phone number, the texted code and a new password that meets the strictest policy', async () => {
    const server = fakeApi({
      'POST /api/v1/auth/password-reset/sms': () => ({ accepted: true, resendAfterSeconds: 60 }),
      'POST /api/v1/auth/password-reset/verify': () => grant(false),
      'POST /api/v1/auth/password-reset/complete': () => ({ ok: true, sessionsEnded: 2 }),
    });
    const wrapper = await mountForgot();
    await type(wrapper, 'forgot-phone', '13907719001');
    await wrapper.find('[data-test="forgot-send"]').trigger('click');
    await settle();
    expect(server.calls.at(-1)?.body).toEqual({ phone: '13907719001' });
    expect(wrapper.find('[data-test="forgot-info"]').text()).toContain('验证码已发送');
    expect(wrapper.find('[data-test="forgot-send"]').text()).toMatch(/\d+ 秒后可重新获取/);

    await type(wrapper, 'forgot-code', '123456');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(server.calls.at(-1)?.body).toEqual({ phone: '13907719001', code: '123456' });
    expect(wrapper.find('[data-test="forgot-account"]').text()).toContain('陈*');
    expect(wrapper.find('[data-test="forgot-policy"]').text()).toContain('至少 10 位');
    expect(wrapper.find('[data-test="forgot-totp"]').exists()).toBe(false);

    await type(wrapper, 'forgot-new-password', 'chenjing2026');
    await type(wrapper, 'forgot-repeat-password', 'chenjing2026');
    expect(button(wrapper, 'forgot-submit').disabled).toBe(true);
    await type(wrapper, 'forgot-new-password', 'Chen#Jing2026');
    await type(wrapper, 'forgot-repeat-password', 'Chen#Jing2026');
    expect(button(wrapper, 'forgot-submit').disabled).toBe(false);
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(server.calls.at(-1)).toMatchObject({
      path: '/api/v1/auth/password-reset/complete',
      body: { ticket: 'T'.repeat(43), newPassword: 'Chen#Jing2026' },
    });
    expect(wrapper.find('[data-test="forgot-done"]').text()).toContain('所有设备上的登录都已退出');
  });

  it('opens an emailed link and asks for the authenticator code when the account has one', async () => {
    const token = 'L'.repeat(43);
    const server = fakeApi({
      'POST /api/v1/auth/password-reset/verify': () => ({ ...grant(true), ticket: token, channel: 'email' }),
      'POST /api/v1/auth/password-reset/complete': () =>
        Response.json({ error: { code: 'invalid_code', message: '验证码不正确' } }, { status: 401 }),
    });
    const wrapper = await mountForgot(token);
    await settle();
    expect(server.calls[0]?.body).toEqual({ token });
    expect(wrapper.find('[data-test="forgot-phone"]').exists()).toBe(false);
    await type(wrapper, 'forgot-new-password', 'Chen#Jing2026');
    await type(wrapper, 'forgot-repeat-password', 'Chen#Jing2026');
    expect(button(wrapper, 'forgot-submit').disabled).toBe(true);
    await type(wrapper, 'forgot-totp', '654321');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(server.calls.at(-1)?.body).toEqual({
      ticket: token,
      newPassword: 'Chen#Jing2026',
      totpCode: '654321',
    });
    expect(wrapper.find('[data-test="forgot-error"]').text()).toContain('验证码不正确');
    expect(wrapper.find('[data-test="forgot-done"]').exists()).toBe(false);
  });

  it('says so when a link is used or expired', async () => {
    fakeApi({
      'POST /api/v1/auth/password-reset/verify': () =>
        Response.json(
          {
            error: {
              code: 'invalid_reset_ticket',
              message: '重置链接或凭证无效、已使用或已过期，请重新找回密码',
            },
          },
          { status: 401 },
        ),
    });
    const wrapper = await mountForgot('E'.repeat(43));
    await settle();
    expect(wrapper.find('[data-test="forgot-error"]').text()).toContain('已过期');
    expect(wrapper.find('[data-test="forgot-new-password"]').exists()).toBe(false);
  });
});
