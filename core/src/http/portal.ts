import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, NotFoundHandler } from 'hono';
import { notFoundHandler } from '../middleware/error-handler/index.ts';
import { primed } from './kernel.ts';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AppEnv } from './types.ts';

/** The built portal (`npm run build -w web`), next to core in the repository. */
export const defaultPortalDir = resolve(import.meta.dirname, '../../../web/dist');

/** Paths that belong to the server, never to the portal's client-side routes. */
const serverPrefixes = ['/api/', '/apps/', '/oidc', '/cas/', '/.well-known/', '/healthz', '/readyz'];

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);

interface CachedFile {
  mtimeMs: number;
  size: number;
  etag: string;
  body: Uint8Array;
  gzip: Uint8Array | null;
}

const notBuiltPage = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>CampusBase</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.6">
<h1>门户尚未构建</h1><p>请在仓库根目录运行 <code>npm run build -w web</code>，或直接用 <code>npm start</code> 启动（它会先构建门户）。</p>
<h2>The portal is not built</h2><p>Run <code>npm run build -w web</code> in the repository, or start with <code>npm start</code>, which builds it first.</p>
<p>API: <a href="/api/reference">/api/reference</a></p></body></html>`;

/**
 * Serves the built portal: files under its dist folder, `index.html` for every other GET that is
 * not a server path (the portal's routes live in the browser), and hashed assets with a
 * one-year immutable cache. `index.html` is revalidated on every load so a new build shows at
 * once. It is the app's not-found handler: what no route claims and is not a server path.
 *
 * @example
 * portalRoutes(app);
 */
export function portalRoutes(
  app: OpenAPIHono<AppEnv>,
  options: { dir?: string; otherwise?: NotFoundHandler<AppEnv> } = {},
): void {
  const otherwise = options.otherwise ?? notFoundHandler();
  const root = options.dir ?? defaultPortalDir;
  const cache = new Map<string, CachedFile>();

  async function load(file: string): Promise<CachedFile | null> {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
    const body = new Uint8Array(await readFile(file));
    const zipped =
      compressible.has(extname(file)) && body.byteLength > 1024 ? gzipSync(body, { level: 9 }) : null;
    const entry: CachedFile = {
      mtimeMs: info.mtimeMs,
      size: info.size,
      etag: `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`,
      body,
      gzip: zipped && zipped.byteLength < body.byteLength ? new Uint8Array(zipped) : null,
    };
    cache.set(file, entry);
    return entry;
  }

  function send(c: Context<AppEnv>, file: string, entry: CachedFile, cacheControl: string): Response {
    const headers = new Headers({
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': cacheControl,
      ETag: entry.etag,
      Vary: 'Accept-Encoding',
    });
    if (c.req.header('if-none-match') === entry.etag) return new Response(null, { status: 304, headers });
    let body = entry.body;
    if (entry.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      body = entry.gzip;
      headers.set('Content-Encoding', 'gzip');
    }
    headers.set('Content-Length', String(body.byteLength));
    return new Response(c.req.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers,
    });
  }

  // The fallback for what no route claimed, rather than a `GET *` route: a catch-all route would
  // match every GET and take each off the kernel's one-handler fast path.
  app.notFound(
    primed(async function portal(c: Context<AppEnv>) {
      const method = c.req.method;
      return method === 'GET' || method === 'HEAD' ? serve(c, () => otherwise(c)) : otherwise(c);
    }),
  );

  async function serve(c: Context<AppEnv>, next: () => Response | Promise<Response>): Promise<Response> {
    const path = c.req.path;
    if (serverPrefixes.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))) {
      return next();
    }
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(path)).replace(/^[/\\]+/, '');
    } catch {
      return next();
    }
    const file = join(root, relative);
    if (relative && (file === root || file.startsWith(root + sep))) {
      const entry = await load(file);
      if (entry) {
        const hashed = relative.startsWith(`assets${sep}`);
        return send(c, file, entry, hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      }
      // A missing script or image must stay a 404: answering index.html would be parsed as JS.
      if (extname(relative)) return next();
    }
    const indexFile = join(root, 'index.html');
    const index = await load(indexFile);
    if (!index) return c.html(notBuiltPage, 503);
    return send(c, indexFile, index, 'no-cache');
  }
}
