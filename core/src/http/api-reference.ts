import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from './types.ts';

const require = createRequire(import.meta.url);
const assetsDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'reference.js': 'text/javascript; charset=utf-8',
};

const page = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>CampusBase API 参考</title>
  <link rel="stylesheet" href="/api/reference/swagger-ui.css">
</head>
<body>
  <div id="reference" data-spec="/api/openapi.json"></div>
  <script src="/api/reference/swagger-ui-bundle.js"></script>
  <script src="/api/reference/reference.js"></script>
</body>
</html>`;

// Kept in a file of its own so that the page needs no inline script under the CSP.
const bootScript = `window.ui = SwaggerUIBundle({ url: document.getElementById('reference').dataset.spec, dom_id: '#reference', deepLinking: true, tryItOutEnabled: true });`;

/**
 * The interactive API reference at /api/reference: Swagger UI served from the installed package,
 * so it works offline and under the platform's strict CSP (no CDN, no inline script).
 */
export function apiReference(app: Hono<AppEnv>): void {
  const cache = new Map<string, string>();
  app.get('/api/reference', (c) => c.html(page));
  app.get('/api/reference/:file', async (c) => {
    const file = c.req.param('file');
    const type = assets[file];
    if (!type) return c.notFound();
    let body = cache.get(file);
    if (body === undefined) {
      body = file === 'reference.js' ? bootScript : await readFile(join(assetsDir, file), 'utf8');
      cache.set(file, body);
    }
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
}
