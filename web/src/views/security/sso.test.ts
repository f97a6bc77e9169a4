import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CasService, OidcClient } from '../../api/sso.ts';
import { fakeApi } from '../../test-api.ts';
import { mountPortal, settle } from '../../test-utils.ts';
import SsoCard from './SsoCard.vue';

const jw: OidcClient = {
  clientId: 'cb_jw_0001',
  name: '凤岭实验小学教务系统',
  confidential: true,
  redirectUris: ['https://jw.fenglin.example.edu.cn/oidc/callback'],
  postLogoutRedirectUris: [],
  scopes: ['openid', 'profile', 'campus'],
  skipConsent: false,
  status: 'active',
  createdAt: '2026-11-21T08:00:00.000Z',
};

let clients: OidcClient[];
let services: CasService[];
let server: ReturnType<typeof fakeApi>;

beforeEach(() => {
  clients = [jw];
  services = [];
  server = fakeApi({
    'GET /api/v1/sso/oidc/clients': () => ({ items: clients }),
    'POST /api/v1/sso/oidc/clients': ({ body }) => {
      const input = body as { name: string; redirectUris: string[]; confidential: boolean };
      const created = { ...jw, ...input, clientId: 'cb_lib_0002', postLogoutRedirectUris: [] };
      clients = [...clients, created];
      return Response.json({ ...created, clientSecret: 's3cr3t-shown-once' }, { status: 201 });
    },
    'PATCH /api/v1/sso/oidc/clients/cb_jw_0001': ({ body }) => {
      clients = clients.map((c) => (c.clientId === jw.clientId ? { ...c, ...(body as object) } : c));
      return clients[0];
    },
    'POST /api/v1/sso/oidc/clients/cb_jw_0001/secret': () => ({ ...jw, clientSecret: 'renewed-secret' }),
    'GET /api/v1/sso/cas/services': () => ({ items: services }),
    'POST /api/v1/sso/cas/services': ({ body }) => {
      const input = body as { name: string; serviceUrl: string; attributes: string[] };
      const created = {
        id: '7b0c1e52-8d4a-4f3e-9c21-6a5b4c3d2e1f',
        ...input,
        status: 'active' as const,
        createdAt: '2026-11-21T08:00:00.000Z',
      };
      services = [...services, created];
      return Response.json(created, { status: 201 });
    },
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const calls = (method: string, path: string) =>
  server.calls.filter((c) => c.method === method && c.path === path);
const field = (testId: string) => {
  const el = document.body.querySelector(`[data-test="${testId}"]`) as HTMLElement;
  return (el.matches('input, textarea') ? el : el.querySelector('input, textarea')) as HTMLInputElement;
};
const confirmBox = async () => {
  await settle();
  (document.body.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();
  await settle();
};

describe('OIDC and CAS client management (统一身份认证接入)', () => {
  it('lists the school’s OIDC clients', async () => {
    const wrapper = await mountPortal(SsoCard);
    await settle();
    const table = wrapper.get('[data-test="oidc-clients"]').text();
    expect(table).toContain('凤岭实验小学教务系统');
    expect(table).toContain('https://jw.fenglin.example.edu.cn/oidc/callback');
    expect(table).toContain('启用');
  });

  it('registers a client with its redirect-URI allow-list and shows the secret once', async () => {
    const wrapper = await mountPortal(SsoCard);
    await settle();
    await wrapper.get('[data-test="oidc-add"]').trigger('click');
    await settle();
    const set = async (testId: string, value: string) => {
      const input = field(testId);
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await settle();
    };
    await set('oidc-name', '凤岭图书馆');
    // A fragment and a plain-http public address are refused before anything is sent.
    await set('oidc-redirects', 'http://lib.example.com/cb\nhttps://lib.example.com/cb#x');
    (document.body.querySelector('[data-test="oidc-save"]') as HTMLElement).click();
    await settle();
    expect(calls('POST', '/api/v1/sso/oidc/clients')).toHaveLength(0);
    expect(document.body.textContent).toContain('以下地址不合要求');

    await set('oidc-redirects', 'https://lib.example.com/cb\n\nhttp://192.168.1.20/cb');
    (document.body.querySelector('[data-test="oidc-save"]') as HTMLElement).click();
    await settle();
    expect(calls('POST', '/api/v1/sso/oidc/clients').at(-1)?.body).toEqual({
      name: '凤岭图书馆',
      redirectUris: ['https://lib.example.com/cb', 'http://192.168.1.20/cb'],
      postLogoutRedirectUris: [],
      skipConsent: false,
      confidential: true,
    });
    const secret = field('new-client-secret');
    expect(secret.value).toBe('s3cr3t-shown-once');
    (document.body.querySelector('[data-test="secret-done"]') as HTMLElement).click();
    await settle();
    expect(wrapper.get('[data-test="oidc-clients"]').text()).toContain('凤岭图书馆');
    // The list never carries the secret.
    expect(wrapper.get('[data-test="oidc-clients"]').text()).not.toContain('s3cr3t');
  });

  it('edits a client’s redirect URIs, disables it after confirming, and resets its secret', async () => {
    const wrapper = await mountPortal(SsoCard);
    await settle();
    await wrapper.get('[data-test="oidc-edit"]').trigger('click');
    await settle();
    const redirects = field('oidc-redirects');
    expect(redirects.value).toBe('https://jw.fenglin.example.edu.cn/oidc/callback');
    redirects.value =
      'https://jw.fenglin.example.edu.cn/oidc/callback\nhttps://jw2.fenglin.example.edu.cn/cb';
    redirects.dispatchEvent(new Event('input'));
    await settle();
    (document.body.querySelector('[data-test="oidc-save"]') as HTMLElement).click();
    await settle();
    expect(calls('PATCH', '/api/v1/sso/oidc/clients/cb_jw_0001').at(-1)?.body).toMatchObject({
      redirectUris: [
        'https://jw.fenglin.example.edu.cn/oidc/callback',
        'https://jw2.fenglin.example.edu.cn/cb',
      ],
    });

    await wrapper.get('[data-test="oidc-toggle"]').trigger('click');
    await confirmBox();
    expect(calls('PATCH', '/api/v1/sso/oidc/clients/cb_jw_0001').at(-1)?.body).toEqual({
      status: 'disabled',
    });
    expect(wrapper.get('[data-test="oidc-clients"]').text()).toContain('已停用');

    await wrapper.get('[data-test="oidc-reset"]').trigger('click');
    await confirmBox();
    expect(calls('POST', '/api/v1/sso/oidc/clients/cb_jw_0001/secret')).toHaveLength(1);
    const secret = field('new-client-secret');
    expect(secret.value).toBe('renewed-secret');
  });

  it('registers a CAS service with the attributes it may receive', async () => {
    const wrapper = await mountPortal(SsoCard);
    await settle();
    await wrapper.findAll('.el-tabs__item')[1]!.trigger('click');
    await settle();
    await wrapper.get('[data-test="cas-add"]').trigger('click');
    await settle();
    const input = field;
    input('cas-name').value = '凤岭实验小学图书馆系统';
    input('cas-name').dispatchEvent(new Event('input'));
    input('cas-url').value = 'https://library.fenglin.example.edu.cn/cas';
    input('cas-url').dispatchEvent(new Event('input'));
    input('cas-attr-schoolNumber').click();
    await settle();
    (document.body.querySelector('[data-test="cas-save"]') as HTMLElement).click();
    await settle();
    expect(calls('POST', '/api/v1/sso/cas/services').at(-1)?.body).toEqual({
      name: '凤岭实验小学图书馆系统',
      serviceUrl: 'https://library.fenglin.example.edu.cn/cas',
      attributes: ['name', 'tenant', 'roles', 'orgUnits', 'schoolNumber'],
    });
    const table = wrapper.get('[data-test="cas-services"]').text();
    expect(table).toContain('https://library.fenglin.example.edu.cn/cas');
    expect(table).toContain('学号/工号');
  });
});
