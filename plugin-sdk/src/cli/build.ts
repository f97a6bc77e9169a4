import { cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as esbuild, type BuildOptions } from 'esbuild';
import { InputError } from '../errors/index.ts';
import type { AppModule } from '../host-protocol.ts';
import type { JsonValue } from '../json.ts';
import { formatIssues } from '../manifest/issues.ts';
import type { AppManifest } from '../manifest/types.ts';
import { parseManifest } from '../manifest/validate.ts';
import { checkAppDescription } from '../protocol/describe.ts';
import { MANIFEST_FILE, SDK_API_VERSION } from '../version.ts';

export interface AppPaths {
  readonly root: string;
  readonly dist: string;
  readonly bundle: string;
  readonly ui: string;
}

export function appPaths(root: string): AppPaths {
  const dist = join(resolve(root), 'dist');
  return { root: resolve(root), dist, bundle: join(dist, 'server.mjs'), ui: join(dist, 'ui') };
}

export async function readAppManifest(root: string): Promise<AppManifest> {
  let text: string;
  try {
    text = await readFile(join(root, MANIFEST_FILE), 'utf8');
  } catch {
    throw new InputError({
      zh: `在 ${root} 中找不到 ${MANIFEST_FILE}`,
      en: `No ${MANIFEST_FILE} in ${root}`,
    });
  }
  return parseManifest(JSON.parse(text) as JsonValue, { platformVersion: SDK_API_VERSION });
}

/** The esbuild options for the guest bundle: one ES module, no imports left, no Node APIs. */
export function serverBuildOptions(manifest: AppManifest, paths: AppPaths): BuildOptions {
  return {
    entryPoints: [join(paths.root, manifest.server!.entry)],
    outfile: paths.bundle,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2024',
    mainFields: ['module', 'main'],
    conditions: ['campusbase-guest'],
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  };
}

export function uiBuildOptions(
  entries: ReadonlyArray<string>,
  paths: AppPaths,
  uiRoot: string,
): BuildOptions {
  return {
    entryPoints: [...entries],
    outdir: paths.ui,
    outbase: uiRoot,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  };
}

/** Loads a built bundle as the host would see its default export, and checks it against the manifest. */
export async function checkBundle(manifest: AppManifest, bundlePath: string): Promise<AppModule> {
  const { mtimeMs } = await stat(bundlePath);
  const loaded = (await import(`${pathToFileURL(bundlePath).href}?v=${mtimeMs}`)) as { default?: AppModule };
  const app = loaded.default;
  if (app?.kind !== 'campusbase.app') {
    throw new InputError({
      zh: `${manifest.server!.entry} 必须 export default defineApp({...})`,
      en: `${manifest.server!.entry} must export default defineApp({...})`,
    });
  }
  const issues = checkAppDescription(app.describe(), manifest);
  if (issues.length > 0) {
    throw new InputError({
      zh: `服务端代码与清单不一致：\n${formatIssues(issues)}`,
      en: `The server code does not match the manifest:\n${formatIssues(issues, 'en')}`,
    });
  }
  return app;
}

/** Top-level scripts of the UI folder are bundled (so pages can import the bridge client); the rest is copied. */
export async function buildUi(manifest: AppManifest, paths: AppPaths): Promise<void> {
  if (!manifest.ui) return;
  const uiRoot = join(paths.root, manifest.ui.root ?? 'ui');
  await cp(uiRoot, paths.ui, {
    recursive: true,
    filter: (source) => !/\.(m?[jt]s)$/.test(source) || relative(uiRoot, source).includes('/'),
  });
  const scripts = (await readdir(uiRoot)).filter(
    (name) => /\.(m?[jt]s)$/.test(name) && !name.endsWith('.d.ts'),
  );
  if (scripts.length > 0)
    await esbuild(
      uiBuildOptions(
        scripts.map((name) => join(uiRoot, name)),
        paths,
        uiRoot,
      ),
    );
}

export async function buildApp(root: string): Promise<{ manifest: AppManifest; paths: AppPaths }> {
  const paths = appPaths(root);
  const manifest = await readAppManifest(paths.root);
  await rm(paths.dist, { recursive: true, force: true });
  await mkdir(paths.dist, { recursive: true });
  if (manifest.server) {
    try {
      await esbuild(serverBuildOptions(manifest, paths));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InputError({
        zh: `服务端代码打包失败（应用代码不能使用 Node 模块）：${reason}`,
        en: `Bundling the server code failed (apps cannot use Node modules): ${reason}`,
      });
    }
    await checkBundle(manifest, paths.bundle);
  }
  await buildUi(manifest, paths);
  return { manifest, paths };
}
