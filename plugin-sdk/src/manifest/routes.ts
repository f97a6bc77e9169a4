import type { HttpMethod, RouteDeclaration } from './types.ts';

/**
 * How a request below `/apps/{installationId}/api` finds its route. The runtime and the fake host
 * both follow these rules, so route precedence is part of the contract:
 *
 * 1. Only routes of the request's method are considered, **in the order the manifest lists them**;
 *    the first one that matches wins. A literal segment does not beat an earlier `:param`: declare
 *    `GET /notices/today` before `GET /notices/:id`. (`validateManifest` refuses a route that an
 *    earlier one always wins over, so an unreachable handler cannot be published.)
 * 2. Paths match segment by segment with the same number of segments; empty segments are ignored,
 *    so `/notices/` and `/notices` are the same path. Literals compare exactly (case-sensitive).
 * 3. A `:param` matches any one non-empty segment and is percent-decoded (`%E5%85%AC` → `公`); a
 *    segment that does not decode matches nothing, and the request is a 404.
 * 4. No route matches: 404 `route_not_found`, answered by the host without entering the sandbox.
 */
export interface RouteMatch {
  readonly route: RouteDeclaration;
  /** `'GET /notices/:id'`, the key of the handler in `defineApp({ routes })`. */
  readonly key: string;
  readonly params: { readonly [name: string]: string };
}

const segmentsOf = (path: string) => path.split('/').filter((segment) => segment !== '');

/**
 * The route a request reaches, by the rules above, or `null`.
 *
 * @example
 * matchManifestRoute(manifest.routes, 'GET', '/notices/42') // { key: 'GET /notices/:id', params: { id: '42' }, … }
 */
export function matchManifestRoute(
  routes: ReadonlyArray<RouteDeclaration> | undefined,
  method: string,
  path: string,
): RouteMatch | null {
  const segments = segmentsOf(path);
  for (const route of routes ?? []) {
    if (route.method !== method) continue;
    const pattern = segmentsOf(route.path);
    if (pattern.length !== segments.length) continue;
    const params: { [name: string]: string } = {};
    const matched = pattern.every((part, i) => {
      const actual = segments[i]!;
      if (!part.startsWith(':')) return part === actual;
      try {
        params[part.slice(1)] = decodeURIComponent(actual);
        return true;
      } catch {
        return false;
      }
    });
    if (matched) return { route, key: `${route.method} ${route.path}`, params };
  }
  return null;
}

/** Whether every path `later` matches is matched by `earlier` (same method), so `later` never runs. */
export function routeShadows(
  earlier: { readonly method: HttpMethod; readonly path: string },
  later: { readonly method: HttpMethod; readonly path: string },
): boolean {
  if (earlier.method !== later.method) return false;
  const a = segmentsOf(earlier.path);
  const b = segmentsOf(later.path);
  return a.length === b.length && a.every((part, i) => part.startsWith(':') || part === b[i]);
}
