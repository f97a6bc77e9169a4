import type { MiddlewareHandler } from 'hono';
import { addStaticHeaders } from '../../http/static-headers.ts';
import type { AppEnv } from '../../http/types.ts';

export interface SecurityHeaderOptions {
  /** Origins the portal may frame (the app UI origin). */
  frameSources: string[];
  /** Send HSTS (only when the platform is served over https). */
  hsts: boolean;
}

/** The policy of the portal's own pages: scripts and frames from known origins only. */
export function portalCsp(frameSources: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Element Plus and Swagger UI set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // Monaco starts its language workers from blob: URLs.
    "worker-src 'self' blob:",
    `frame-src 'self' ${frameSources.join(' ')}`.trim(),
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** JSON endpoints; everything else (the portal, the API reference) is served as pages. */
function isApiPath(path: string): boolean {
  return (
    path.startsWith('/api/v') || path === '/healthz' || path === '/readyz' || path.startsWith('/api/openapi')
  );
}

/**
 * Security headers on every response. Pages get the portal's full policy; API answers get a
 * short deny-all policy (OWASP's advice for APIs), which also keeps every JSON response small:
 * response header bytes are a large part of the cost of a small API call. A header a route set
 * itself (an app page's sandbox CSP, say) is left alone.
 */
export function securityHeaders(options: SecurityHeaderOptions): MiddlewareHandler<AppEnv> {
  const common: Array<[string, string]> = [
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
  ];
  if (options.hsts) common.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  const html: Array<[string, string]> = [
    ...common,
    ['Content-Security-Policy', portalCsp(options.frameSources)],
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(self), microphone=(), geolocation=()'],
  ];
  const api: Array<[string, string]> = [
    ...common,
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ];
  return async function secureResponse(c, next) {
    await next();
    addStaticHeaders(c, isApiPath(c.req.path) ? api : html);
  };
}
