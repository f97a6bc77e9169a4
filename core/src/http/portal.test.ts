import { OpenAPIHono } from '@hono/zod-openapi';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalRoutes } from './portal.ts';
import type { AppEnv } from './types.ts';

let dir: string;
const script = `console.log(${JSON.stringify('门户'.repeat(800))});`;

function appFor(root: string) {
  const app = new OpenAPIHono<AppEnv>();
  app.get('/api/v1/early', (c) => c.json({ early: true }));
  portalRoutes(app, { dir: root, otherwise: (c) => c.json({ error: { code: 'not_found' } }, 404) });
  // Registered after the portal: the portal is the fallback, so later routes still answer.
  app.get('/api/v1/late', (c) => c.json({ late: true }));
  return app;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-portal-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
  await writeFile(join(dir, 'assets/index-abc123.js'), script);
  await writeFile(join(dir, 'favicon.svg'), '<svg/>');
  await writeFile(join(tmpdir(), 'cb-portal-secret.txt'), 'secret');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('portal static handler', () => {
  it('answers client-side routes with index.html, revalidated on every load', async () => {
    const response = await appFor(dir).request('/login?school=2145010301');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<div id="app">');
  });

  it('serves hashed assets with a one-year immutable cache, gzipped when asked', async () => {
    const app = appFor(dir);
    const plain = await app.request('/assets/index-abc123.js');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-type')).toContain('text/javascript');
    expect(await plain.text()).toBe(script);
    const zipped = await app.request('/assets/index-abc123.js', {
      headers: { 'Accept-Encoding': 'gzip, br' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const body = new Uint8Array(await zipped.arrayBuffer());
    expect(body.byteLength).toBeLessThan(Buffer.byteLength(script));
    expect(gunzipSync(body).toString()).toBe(script);
  });

  it('answers 304 when the browser already has the file', async () => {
    const app = appFor(dir);
    const first = await app.request('/favicon.svg');
    const etag = first.headers.get('etag')!;
    const again = await app.request('/favicon.svg', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('leaves server paths to the server, even routes registered after it', async () => {
    const app = appFor(dir);
    expect(await (await app.request('/api/v1/early')).json()).toEqual({ early: true });
    expect(await (await app.request('/api/v1/late')).json()).toEqual({ late: true });
    const missing = await app.request('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect((await app.request('/healthz')).status).toBe(404);
  });

  it('keeps a missing asset a 404 instead of answering HTML', async () => {
    const response = await appFor(dir).request('/assets/gone-000.js');
    expect(response.status).toBe(404);
  });

  it('never serves a file outside its folder', async () => {
    const app = appFor(dir);
    for (const path of [
      '/../cb-portal-secret.txt',
      '/%2e%2e/cb-portal-secret.txt',
      '/assets/..%2f..%2fcb-portal-secret.txt',
    ]) {
      const response = await app.request(path);
      expect(await response.text()).not.toContain('secret');
    }
  });

  it('says how to build the portal when it is not built', async () => {
    const response = await appFor(join(dir, 'missing')).request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build -w web');
  });
});
