import type { AppManifest } from '@campusbase/plugin-sdk/manifest';

/** The manifest as the runtime reads it: the SDK's `AppManifest`, verified when the version was registered. */
export type RuntimeManifest = AppManifest;

/** The route of a manifest that matches a request, with its path parameters. */
export interface MatchedRoute {
  key: string;
  auth: 'user' | 'admin' | 'none';
  params: Record<string, string>;
}

/**
 * Finds the declared route for a method and a path below `/apps/{id}/api`. Only declared routes
 * reach the sandbox; anything else is a 404 from the host.
 *
 * @example
 * matchRoute(manifest, 'GET', '/notices/42') // { key: 'GET /notices/:id', auth: 'user', params: { id: '42' } }
 */
export function matchRoute(manifest: RuntimeManifest, method: string, path: string): MatchedRoute | null {
  const segments = path.split('/').filter((s) => s !== '');
  for (const route of manifest.routes ?? []) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter((s) => s !== '');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < pattern.length; i++) {
      const part = pattern[i]!;
      const actual = segments[i]!;
      if (part.startsWith(':')) {
        try {
          params[part.slice(1)] = decodeURIComponent(actual);
        } catch {
          matched = false;
          break;
        }
      } else if (part !== actual) {
        matched = false;
        break;
      }
    }
    if (matched) return { key: `${route.method} ${route.path}`, auth: route.auth ?? 'user', params };
  }
  return null;
}
