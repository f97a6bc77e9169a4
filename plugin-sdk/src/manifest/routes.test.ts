import { describe, expect, it } from 'vitest';
import { defineApp } from '../app/define-app.ts';
import { createFakeHost } from '../testing/fake-host.ts';
import { matchManifestRoute } from './routes.ts';
import type { AppManifest, RouteDeclaration } from './types.ts';
import { validateManifest } from './validate.ts';

const routes: RouteDeclaration[] = [
  { method: 'GET', path: '/notices/today' },
  { method: 'GET', path: '/notices/:id' },
  { method: 'GET', path: '/notices/:id/readers' },
  { method: 'DELETE', path: '/notices/:id', auth: 'admin' },
];
const manifest: AppManifest = {
  id: 'com.example.routes',
  version: '1.0.0',
  engines: { campusbase: '^0.1.0' },
  name: { zh: '路由', en: 'Routes' },
  description: { zh: '路由', en: 'Routes' },
  server: { entry: 'src/server.ts' },
  routes,
};

describe('route precedence', () => {
  it('takes the first declared route of the method that matches, with decoded parameters', () => {
    expect(matchManifestRoute(routes, 'GET', '/notices/today')?.key).toBe('GET /notices/today');
    expect(matchManifestRoute(routes, 'GET', '/notices/%E5%85%AC%E5%91%8A')).toMatchObject({
      key: 'GET /notices/:id',
      params: { id: '公告' },
    });
    expect(matchManifestRoute(routes, 'DELETE', '/notices/7')?.route.auth).toBe('admin');
    expect(matchManifestRoute(routes, 'GET', '/notices/7/')?.key).toBe('GET /notices/:id');
    expect(matchManifestRoute(routes, 'GET', '/notices/%E0%A4%A')).toBeNull();
    expect(matchManifestRoute(routes, 'POST', '/notices/7')).toBeNull();
    expect(matchManifestRoute(routes, 'GET', '/Notices/today')).toBeNull();
  });

  it('refuses a manifest whose route can never be reached, and says which one wins', () => {
    const result = validateManifest({
      ...manifest,
      routes: [
        { method: 'GET', path: '/notices/:id' },
        { method: 'GET', path: '/notices/today' },
        { method: 'POST', path: '/notices/today' },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ path: '$.routes[1].path' });
    expect(result.issues[0]?.message.zh).toContain('routes[0]（/notices/:id）');
    expect(validateManifest(manifest).ok).toBe(true);
  });

  it('matches on the fake host exactly as in the runtime', async () => {
    const app = defineApp({
      routes: {
        'GET /notices/today': () => 'today',
        'GET /notices/:id': (request) => `notice ${request.param('id')}`,
        'GET /notices/:id/readers': () => [],
        'DELETE /notices/:id': () => null,
      },
    });
    const host = createFakeHost({ manifest, app });
    expect((await host.request('GET', '/notices/today')).body).toBe('today');
    expect((await host.request('GET', '/notices/42/')).body).toBe('notice 42');
    expect((await host.request('GET', '/notices/%E0%A4%A')).status).toBe(404);
  });
});
