import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { context as esbuildContext } from 'esbuild';
import type { JsonValue } from '../json.ts';
import type { HttpMethod } from '../manifest/types.ts';
import { createFakeHost, type FakeHost } from '../testing/fake-host.ts';
import { appPaths, buildUi, checkBundle, readAppManifest, serverBuildOptions } from './build.ts';
import { devHostPage } from './dev-page.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

const devData = {
  user: { id: 'dev-teacher', name: '开发者老师', kind: 'teacher', isAdmin: true },
  orgUnits: [
    { id: 'grade-3', parentId: null, kind: 'grade', name: '三年级', code: '03' },
    { id: 'class-3-1', parentId: 'grade-3', kind: 'class', name: '三年级一班', code: '0301' },
    { id: 'class-3-2', parentId: 'grade-3', kind: 'class', name: '三年级二班', code: '0302' },
  ],
  people: [
    { id: 'dev-student-1', name: '张小明', kind: 'student', orgUnitIds: ['class-3-1'] },
    { id: 'dev-student-2', name: '李华', kind: 'student', orgUnitIds: ['class-3-2'] },
  ],
} as const;

async function body(request: IncomingMessage): Promise<JsonValue | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as JsonValue) : undefined;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((done) =>
    server.listen(port, '127.0.0.1', () => done((server.address() as { port: number }).port)),
  );
}

/**
 * Serves the app on the fake host: the dev host page (the portal's stand-in) on one port, the UI
 * assets on another (a separate origin, as in production), rebuilding on every change.
 */
export async function startDev(root: string, port = 5174): Promise<{ url: string; close(): Promise<void> }> {
  const paths = appPaths(root);
  const manifest = await readAppManifest(paths.root);
  let host: FakeHost | null = null;
  let version = 0;
  const rebuildUi = async () => {
    await buildUi(manifest, paths);
    version += 1;
  };
  const server = manifest.server
    ? await esbuildContext({
        ...serverBuildOptions(manifest, paths),
        plugins: [
          {
            name: 'campusbase-reload',
            setup(build) {
              build.onEnd(async (result) => {
                if (result.errors.length > 0) return;
                try {
                  const app = await checkBundle(manifest, paths.bundle);
                  host = createFakeHost({ manifest, app, ...devData });
                  version += 1;
                  console.log(`[dev] server code reloaded (${new Date().toLocaleTimeString('zh-CN')})`);
                } catch (error) {
                  console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
                }
              });
            },
          },
        ],
      })
    : null;
  await server?.rebuild();
  await server?.watch();
  await rebuildUi();
  const uiWatcher = manifest.ui
    ? watch(
        join(paths.root, manifest.ui.root ?? 'ui'),
        { recursive: true },
        () => void rebuildUi().catch(() => undefined),
      )
    : null;

  const uiServer = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    if (!path.startsWith('/ui/')) return response.writeHead(404).end();
    try {
      const file = await readFile(join(paths.ui, path.slice(4)));
      response.writeHead(200, {
        'content-type': contentTypes[extname(path)] ?? 'application/octet-stream',
        'content-security-policy':
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'",
      });
      response.end(file);
    } catch {
      response.writeHead(404).end();
    }
  });
  const uiPort = await listen(uiServer, 0);
  const hostServer = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/')
      return response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(devHostPage(manifest, `http://127.0.0.1:${uiPort}`));
    if (url.pathname === '/__dev/version') return response.end(String(version));
    if (!url.pathname.startsWith('/apps/dev/api/') || !host) return response.writeHead(404).end();
    const result = await host.request(
      request.method as HttpMethod,
      url.pathname.slice('/apps/dev/api'.length) + url.search,
      { body: (await body(request)) ?? null },
    );
    response.writeHead(result.status, { 'content-type': 'application/json', ...result.headers });
    response.end(result.body === null ? '' : JSON.stringify(result.body));
  });
  const hostPort = await listen(hostServer, port);
  return {
    url: `http://127.0.0.1:${hostPort}/`,
    async close() {
      uiWatcher?.close();
      await server?.dispose();
      await Promise.all([
        new Promise((done) => uiServer.close(done)),
        new Promise((done) => hostServer.close(done)),
      ]);
    },
  };
}
