import { UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createLogger } from '../logger.ts';
import { crossSiteGuard } from '../middleware/session/index.ts';
import { addFallbackHeader, kernelOf } from './kernel.ts';

function app() {
  const built = createApp({ logger: createLogger('silent'), readiness: () => [] });
  built.get('/api/v1/echo', (c) => c.json({ requestId: c.get('requestId'), locale: c.get('locale') }));
  return built;
}

describe('the kernel around app.fetch', () => {
  it('gives every route its request id and locale, and adds the id and the API security headers', async () => {
    const res = await app().request('/api/v1/echo', {
      headers: { 'accept-language': 'en-GB,en;q=0.9', 'x-request-id': 'gateway-id-1234' },
    });
    expect(await res.json()).toEqual({ requestId: 'gateway-id-1234', locale: 'en' });
    expect(res.headers.get('x-request-id')).toBe('gateway-id-1234');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('replaces a request id that is not short and plain', async () => {
    const res = await app().request('/api/v1/echo', { headers: { 'x-request-id': 'bad id\twith tabs' } });
    const { requestId } = (await res.json()) as { requestId: string };
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(requestId);
  });

  it('answers a synchronous route in the same tick: no middleware layer puts it behind a promise', () => {
    const res = app().fetch(new Request('http://localhost/api/v1/echo'));
    expect(res).toBeInstanceOf(Response);
  });

  it('puts what a stage learned on the context of route middleware and handlers', async () => {
    const built = createApp({ logger: createLogger('silent'), readiness: () => [] });
    kernelOf(built).stage(async (request) => {
      await Promise.resolve();
      request.state.vars.locale = request.header('x-test-locale') === 'en' ? 'en' : 'zh-CN';
    });
    let seenByMiddleware: string | undefined;
    built.use('/api/v1/*', async (c, next) => {
      seenByMiddleware = c.get('locale');
      await next();
    });
    built.get('/api/v1/locale', (c) => c.text(c.get('locale')));
    const res = await built.request('/api/v1/locale', { headers: { 'x-test-locale': 'en' } });
    expect(await res.text()).toBe('en');
    expect(seenByMiddleware).toBe('en');
  });

  it('answers a stage that failed through the one error handler, in the request’s locale', async () => {
    const built = createApp({ logger: createLogger('silent'), readiness: () => [] });
    kernelOf(built).stage(() => {
      throw new UnauthenticatedError();
    });
    built.get('/api/v1/anything', (c) => c.text('never'));
    const res = await built.request('/api/v1/anything', { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const unknown = await built.request('/api/v1/nothing-here');
    expect(unknown.status).toBe(401);
  });

  it('leaves a header the route set itself, and adds a fallback header only when the route sets none', async () => {
    const built = createApp({ logger: createLogger('silent'), readiness: () => [] });
    kernelOf(built).stage((request) => {
      addFallbackHeader(request.state, 'Set-Cookie', 'stale=; Max-Age=0');
    });
    built.get('/page', (c) =>
      c.html('<p>app page</p>', 200, { 'Content-Security-Policy': 'sandbox allow-scripts' }),
    );
    built.get('/api/v1/login-like', (c) => c.json({}, 200, { 'Set-Cookie': 'fresh=1' }));
    const page = await built.request('/page');
    expect(page.headers.get('content-security-policy')).toBe('sandbox allow-scripts');
    expect(page.headers.get('set-cookie')).toBe('stale=; Max-Age=0');
    const login = await built.request('/api/v1/login-like');
    expect(login.headers.get('set-cookie')).toBe('fresh=1');
  });

  it('refuses a cross-site POST but lets reads and same-origin writes through', async () => {
    const built = app();
    built.on(['POST'], '*', crossSiteGuard({ publicUrl: 'http://localhost:3000' }));
    built.post('/api/v1/write', (c) => c.json({ ok: true }));
    const forged = await built.request('/api/v1/write', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    const fetchMetadata = await built.request('/api/v1/write', {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchMetadata.status).toBe(403);
    const own = await built.request('/api/v1/write', {
      method: 'POST',
      headers: { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status).toBe(200);
    expect(
      (await built.request('/api/v1/echo', { headers: { origin: 'https://evil.example' } })).status,
    ).toBe(200);
  });
});

describe('the kernel router', () => {
  it('reuses matches of fixed paths but never a match that carries parameters', async () => {
    const built = createApp({ logger: createLogger('silent'), readiness: () => [] });
    built.get('/api/v1/items/mine', (c) => c.text('mine'));
    built.get('/api/v1/items/:id', (c) => c.text(`item ${c.req.param('id')}`));
    for (let i = 0; i < 2; i++) {
      expect(await (await built.request('/api/v1/items/mine')).text()).toBe('mine');
      expect(await (await built.request('/api/v1/items/a1')).text()).toBe('item a1');
      expect(await (await built.request('/api/v1/items/b2')).text()).toBe('item b2');
    }
  });
});
