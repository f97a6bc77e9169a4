import { describe, expect, it, vi } from 'vitest';
import { type BridgeHostOptions, createBridgeHost, type HostHandlers } from './bridge-host.ts';
import { BRIDGE_CHANNEL, BRIDGE_VERSION, type BridgeContext, type BridgeResponse } from './protocol.ts';

const installationId = '5b1e0c8e-7d4a-4f55-9d8e-2f1f3f0c9a11';
const context: BridgeContext = {
  app: { id: 'cn.campusbase.notice-board', version: '1.0.0', installationId },
  page: 'home',
  user: { id: 'p1', name: '张晓燕', kind: 'teacher', isAdmin: false },
  locale: 'zh-CN',
  theme: { dark: false, tokens: { 'color-primary': '#1a7f5a' } },
  approvedScopes: ['org:read'],
};

function setup(overrides: Partial<BridgeHostOptions> = {}, handlers: Partial<HostHandlers> = {}) {
  const replies: BridgeResponse[] = [];
  const frame = { postMessage: vi.fn((message: BridgeResponse) => replies.push(message)) };
  const host = createBridgeHost({
    frame: () => frame,
    installationId,
    pages: ['home', 'detail'],
    origin: 'http://portal.test',
    handlers: {
      context: () => context,
      navigate: vi.fn(),
      alert: vi.fn(async () => undefined),
      confirm: vi.fn(async () => true),
      toast: vi.fn(),
      resize: vi.fn(),
      ...handlers,
    },
    fetch: vi.fn(async () => Response.json({ ok: true })),
    ...overrides,
  });
  let n = 0;
  async function call(
    method: string,
    params: unknown,
    source: unknown = frame,
  ): Promise<BridgeResponse | undefined> {
    n += 1;
    const id = `req-${n}`;
    host.onMessage({
      source,
      data: { channel: BRIDGE_CHANNEL, version: BRIDGE_VERSION, kind: 'request', id, method, params },
    } as MessageEvent);
    await vi.waitFor(() => {
      if (source === frame && !replies.some((r) => r.id === id)) throw new Error('no reply yet');
    });
    return replies.find((r) => r.id === id);
  }
  return { host, frame, replies, call };
}

const errorOf = (reply: BridgeResponse | undefined) => (reply && !reply.ok ? reply.error : null);

describe('the portal side of the app bridge', () => {
  it('answers only its own iframe', async () => {
    const { call, replies } = setup();
    await call('context.get', {}, { postMessage: vi.fn() });
    await new Promise((r) => setTimeout(r, 10));
    expect(replies).toHaveLength(0);
  });

  it('gives the page its context: app, user, locale, theme and approved scopes', async () => {
    const { call } = setup();
    const reply = await call('context.get', {});
    expect(reply).toMatchObject({ ok: true, result: context });
  });

  it('calls the installation’s own routes with the user’s session', async () => {
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify([{ title: '运动会通知' }]), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const { call } = setup({ fetch });
    const reply = await call('api.call', {
      method: 'POST',
      path: '/notices?limit=2',
      body: { title: '运动会' },
    });
    expect(reply).toMatchObject({ ok: true, result: { status: 200, body: [{ title: '运动会通知' }] } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`/apps/${installationId}/api/notices?limit=2`);
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"title":"运动会"}' });
  });

  it('refuses any path that leaves the installation’s API, however it is spelled', async () => {
    const fetch = vi.fn(async () => Response.json({}));
    const { call } = setup({ fetch });
    for (const path of [
      '/../../../api/v1/me',
      '/%2e%2e/%2e%2e/%2e%2e/api/v1/me',
      '//evil.test/x',
      'notices',
      '/..\\..\\x',
    ]) {
      const error = errorOf(await call('api.call', { method: 'GET', path }));
      expect(error?.status, path).toBeGreaterThanOrEqual(400);
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('gives up on an app route that does not answer in time', async () => {
    const fetch = vi.fn(
      (_url: string, init?: RequestInit) =>
        new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    );
    const { call } = setup({ fetch: fetch as unknown as typeof globalThis.fetch, apiTimeoutMs: 20 });
    expect(errorOf(await call('api.call', { method: 'GET', path: '/slow' }))).toMatchObject({
      code: 'bridge_timeout',
    });
  });

  it('navigates only to the app’s declared pages or the portal’s own places', async () => {
    const navigate = vi.fn();
    const { call } = setup({}, { navigate });
    expect(errorOf(await call('navigate', { page: 'admin-secret' }))?.code).toBe('invalid_request');
    expect(errorOf(await call('navigate', { portal: 'javascript:alert(1)' }))?.code).toBe('invalid_request');
    expect((await call('navigate', { page: 'detail', query: { id: '7' } }))?.ok).toBe(true);
    expect(navigate).toHaveBeenCalledWith({ page: 'detail', query: { id: '7' } });
  });

  it('draws one dialog at a time for the app', async () => {
    let close: (value: boolean) => void = () => undefined;
    const confirm = vi.fn(() => new Promise<boolean>((resolve) => (close = resolve)));
    const { call } = setup({}, { confirm });
    const first = call('dialog.confirm', { title: '删除公告', message: '确定删除吗？', danger: true });
    await vi.waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
    expect(errorOf(await call('dialog.confirm', { title: '再来', message: '?' }))?.code).toBe('dialog_open');
    close(true);
    expect(await first).toMatchObject({ ok: true, result: { confirmed: true } });
    expect(confirm).toHaveBeenCalledWith({ title: '删除公告', message: '确定删除吗？', danger: true });
  });

  it('limits toasts so an app cannot bury the portal', async () => {
    const toast = vi.fn();
    const { call } = setup({ toastsPer10s: 2 }, { toast });
    expect((await call('toast.show', { type: 'success', message: '已保存' }))?.ok).toBe(true);
    expect((await call('toast.show', { type: 'info', message: '2' }))?.ok).toBe(true);
    expect(errorOf(await call('toast.show', { type: 'info', message: '3' }))?.code).toBe('too_many_toasts');
    expect(errorOf(await call('toast.show', { type: 'html', message: '<b>' }))?.code).toBe('invalid_request');
    expect(toast).toHaveBeenCalledTimes(2);
  });

  it('treats every parameter as untrusted', async () => {
    const { call } = setup();
    expect(errorOf(await call('dialog.alert', { title: 'x'.repeat(201), message: 'm' }))?.code).toBe(
      'invalid_request',
    );
    expect(errorOf(await call('frame.resize', { height: -1 }))?.code).toBe('invalid_request');
    expect(errorOf(await call('api.call', { method: 'TRACE', path: '/x' }))?.code).toBe('invalid_request');
  });

  it('pushes theme and locale changes into the page', () => {
    const { host, frame } = setup();
    host.emit('locale.changed', { locale: 'en' });
    expect(frame.postMessage).toHaveBeenCalledWith(
      {
        channel: BRIDGE_CHANNEL,
        version: BRIDGE_VERSION,
        kind: 'event',
        event: 'locale.changed',
        data: { locale: 'en' },
      },
      '*',
    );
  });
});
