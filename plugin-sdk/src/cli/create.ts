import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors/index.ts';
import { MANIFEST_FILE } from '../version.ts';

export const sdkRoot = fileURLToPath(new URL('../..', import.meta.url));
const templateRoot = join(sdkRoot, 'templates', 'notice-board');

export interface CreateOptions {
  readonly id?: string;
  /** Link this SDK (and its vitest) into the new app's node_modules instead of running npm install. */
  readonly linkSdk?: boolean;
}

/** Copies the notice-board template into `target` and gives it its own id and package name. */
export async function createApp(target: string, options: CreateOptions = {}): Promise<string> {
  const root = resolve(target);
  const existing = await readdir(root).catch(() => []);
  if (existing.length > 0) {
    throw new InputError({
      zh: `目录 ${root} 不为空，请换一个目录`,
      en: `${root} is not empty; choose another folder`,
    });
  }
  const name =
    basename(root)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .replace(/^-+|-+$/g, '') || 'my-app';
  const id = options.id ?? `com.example.${name}`;
  await mkdir(root, { recursive: true });
  await cp(templateRoot, root, { recursive: true, filter: (source) => !/(node_modules|dist)$/.test(source) });
  const manifest = JSON.parse(await readFile(join(root, MANIFEST_FILE), 'utf8')) as { id: string };
  manifest.id = id;
  await writeFile(join(root, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string };
  pkg.name = name;
  await writeFile(join(root, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  if (options.linkSdk) {
    await mkdir(join(root, 'node_modules', '@campusbase'), { recursive: true });
    await symlink(sdkRoot, join(root, 'node_modules', '@campusbase', 'plugin-sdk'), 'dir');
    const vitest = dirname(createRequire(join(sdkRoot, 'package.json')).resolve('vitest/package.json'));
    await symlink(vitest, join(root, 'node_modules', 'vitest'), 'dir');
  }
  return root;
}
