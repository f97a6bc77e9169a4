import { describe, expect, it } from 'vitest';
import { matchRoute, type RuntimeManifest } from './manifest.ts';

const manifest = {
  routes: [
    { method: 'GET', path: '/notices' },
    { method: 'GET', path: '/notices/:id', auth: 'admin' },
  ],
} as unknown as RuntimeManifest;

describe('matchRoute', () => {
  it('finds the declared route with its decoded parameters and auth', () => {
    expect(matchRoute(manifest, 'GET', '/notices/%E5%85%AC%E5%91%8A')).toEqual({
      key: 'GET /notices/:id',
      auth: 'admin',
      params: { id: '公告' },
    });
    expect(matchRoute(manifest, 'GET', '/notices')?.auth).toBe('user');
  });

  it('returns null for undeclared methods and paths', () => {
    expect(matchRoute(manifest, 'POST', '/notices')).toBeNull();
    expect(matchRoute(manifest, 'GET', '/notices/1/2')).toBeNull();
    expect(matchRoute(manifest, 'GET', '/notices/%E0%A4%A')).toBeNull();
  });
});
