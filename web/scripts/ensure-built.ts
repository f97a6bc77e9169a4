// Builds the portal (web/dist) when it is missing or older than its sources, so that `npm start`
// on a fresh clone serves it. Runs before `campusbase start`; a failed build is reported but does
// not stop the platform (the API still starts, and the portal path explains what to do).
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const web = resolve(import.meta.dirname, '..');
const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

async function newest(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    if (entry.endsWith('.test.ts')) continue;
    latest = Math.max(latest, await newest(join(path, entry)));
  }
  return latest;
}

/** Whether web/dist is missing or older than any source file. */
export async function portalIsStale(): Promise<boolean> {
  const built = await stat(join(web, 'dist/index.html')).catch(() => null);
  if (!built) return true;
  let latest = 0;
  for (const source of sources) latest = Math.max(latest, await newest(join(web, source)));
  return latest > built.mtimeMs;
}

/**
 * Runs `vite build` for the portal into a fresh folder and then swaps it in, so a server that is
 * running (or another build started at the same time) never sees a half-written web/dist.
 * Returns whether it succeeded.
 */
export function buildPortal(): boolean {
  const vite = resolve(web, '../node_modules/vite/bin/vite.js');
  const staging = join(web, `dist.build-${process.pid}`);
  const old = join(web, `dist.old-${process.pid}`);
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--logLevel', 'warn', '--outDir', staging, '--emptyOutDir'],
    { cwd: web, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    return false;
  }
  try {
    renameSync(join(web, 'dist'), old);
  } catch {
    // No previous build.
  }
  renameSync(staging, join(web, 'dist'));
  rmSync(old, { recursive: true, force: true });
  return true;
}

if (import.meta.main) {
  if (await portalIsStale()) {
    process.stdout.write('正在构建门户 Building the portal (web/dist)…\n');
    if (!buildPortal()) {
      process.stderr.write(
        '门户构建失败，平台仍会启动，但门户页面不可用。The portal build failed; the platform starts without it.\n',
      );
    }
  }
}
