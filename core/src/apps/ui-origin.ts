import { Hono } from 'hono';
import { isUuid } from '../db/tenant-scope.ts';
import { type HttpServer, listen } from '../server.ts';
import { tenantOfInstallation } from './installations.repository.ts';
import type { AppRuntime } from './runtime.ts';

/**
 * The CSP of every app page and asset. `sandbox allow-scripts allow-forms` holds even when the page
 * is opened outside the portal's iframe, so it always runs in an opaque origin: no cookies, no
 * storage of the portal, no same-origin access anywhere. Scripts and styles come only from the
 * app's own package; the page reaches nothing over the network (`connect-src 'none'`): it talks to
 * the platform only through the portal's postMessage bridge.
 */
export function appCsp(portalOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    `frame-ancestors ${portalOrigin}`,
    'sandbox allow-scripts allow-forms',
  ].join('; ');
}

/**
 * The app UI origin: a second listener (APP_ORIGIN_PORT) that serves each installation's UI
 * assets at `/{installationId}/{path}`, from the installed version's package, with the strict CSP.
 * It has no session and no platform API: it is a different origin from the portal on purpose.
 *
 * @example
 * const ui = await startAppUiOrigin(runtime, { port: 3001, host: '::', portalOrigin: 'http://localhost:3000' });
 */
export function appUiApp(runtime: AppRuntime, options: { portalOrigin: string }): Hono {
  const app = new Hono();
  const csp = appCsp(options.portalOrigin);
  const notFound = () =>
    new Response('Not found', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': csp },
    });

  app.get('/healthz', (c) => c.text('ok'));
  app.get('/:installationId/*', async (c) => {
    const installationId = c.req.param('installationId');
    if (!isUuid(installationId)) return notFound();
    const tenantId = await tenantOfInstallation(runtime.owner, installationId);
    const binding = tenantId ? await runtime.binding(tenantId, installationId) : null;
    if (binding?.status !== 'enabled' || !binding.manifest.ui) return notFound();
    const root = (binding.manifest.ui.root ?? 'ui').replace(/^\.?\/+|\/+$/g, '');
    let rest = decodeURIComponent(c.req.path.slice(installationId.length + 2));
    if (rest === '' || rest.endsWith('/')) rest += 'index.html';
    if (rest.split('/').some((part) => part === '..' || part === '.' || part === '')) return notFound();
    const asset = await runtime.owner
      .selectFrom('app_assets')
      .select(['content', 'content_type', 'digest'])
      .where('version_id', '=', binding.versionId)
      .where('path', 'in', [`${root}/${rest}`, rest])
      .orderBy('path', 'desc')
      .executeTakeFirst();
    if (!asset) return notFound();
    const etag = `"${asset.digest}"`;
    const headers: Record<string, string> = {
      'content-type': asset.content_type,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'cross-origin',
      // The sandboxed page has an opaque origin ("null"); module scripts it loads need CORS.
      'access-control-allow-origin': '*',
      'cache-control': 'no-cache',
      etag,
    };
    if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
    return new Response(asset.content, { status: 200, headers });
  });
  app.notFound(() => notFound());
  return app;
}

export function startAppUiOrigin(
  runtime: AppRuntime,
  options: { port: number; host: string; portalOrigin: string },
): Promise<HttpServer> {
  return listen(appUiApp(runtime, options).fetch, options.port, options.host);
}
