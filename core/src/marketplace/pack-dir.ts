import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { packFiles, signPackage } from '@campusbase/plugin-sdk/package';
import { build } from 'esbuild';

const encoder = new TextEncoder();

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Builds and signs an app folder the way `campusbase-app build`, `pack` and `sign` do, in memory:
 * the server entry bundled into `server.mjs`, top-level UI scripts bundled for the browser, the
 * other UI files copied. Used to publish the SDK template and the sample apps into the demo.
 */
export async function packAppFolder(
  root: string,
  privateKeyPem: string,
  rewrite: (manifest: Record<string, unknown>) => Record<string, unknown> = (m) => m,
): Promise<{ archive: Uint8Array; manifest: Record<string, unknown> }> {
  const manifest = rewrite(
    JSON.parse(await readFile(join(root, 'campusbase.app.json'), 'utf8')) as Record<string, unknown>,
  );
  const files = new Map<string, Uint8Array>([
    ['campusbase.app.json', encoder.encode(JSON.stringify(manifest, null, 2))],
  ]);
  const server = manifest.server as { entry: string } | undefined;
  if (server) {
    const result = await build({
      entryPoints: [join(root, server.entry)],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2024',
      mainFields: ['module', 'main'],
      conditions: ['campusbase-guest'],
      legalComments: 'none',
      charset: 'utf8',
      write: false,
      logLevel: 'silent',
    });
    files.set('server.mjs', result.outputFiles[0]!.contents);
  }
  const ui = manifest.ui as { root?: string } | undefined;
  if (ui) {
    const uiRoot = join(root, ui.root ?? 'ui');
    for (const file of await walk(uiRoot)) {
      const path = relative(uiRoot, file).split('\\').join('/');
      const topScript = /\.(m?[jt]s)$/.test(path) && !path.includes('/') && !path.endsWith('.d.ts');
      if (!topScript) {
        files.set(`ui/${path}`, await readFile(file));
        continue;
      }
      const result = await build({
        entryPoints: [file],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        legalComments: 'none',
        charset: 'utf8',
        write: false,
        logLevel: 'silent',
      });
      files.set(`ui/${path.replace(/\.(m?)ts$/, '.$1js')}`, result.outputFiles[0]!.contents);
    }
  }
  return { archive: signPackage(packFiles(files), privateKeyPem), manifest };
}
