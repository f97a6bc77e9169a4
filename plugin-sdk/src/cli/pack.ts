import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { generateVendorKeyPair } from '../package/crypto.ts';
import { PACKAGE_EXTENSION, SERVER_BUNDLE_FILE, UI_FOLDER } from '../package/format.ts';
import { packFiles, signPackage } from '../package/pack.ts';
import { verifyPackage } from '../package/verify.ts';
import { MANIFEST_FILE } from '../version.ts';
import { buildApp } from './build.ts';

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export async function packApp(root: string, out?: string): Promise<string> {
  const { manifest, paths } = await buildApp(root);
  const files = new Map<string, Uint8Array>([
    [MANIFEST_FILE, await readFile(join(paths.root, MANIFEST_FILE))],
  ]);
  if (manifest.server) files.set(SERVER_BUNDLE_FILE, await readFile(paths.bundle));
  if (manifest.ui) {
    for (const file of await listFiles(paths.ui))
      files.set(UI_FOLDER + relative(paths.ui, file).split('\\').join('/'), await readFile(file));
  }
  const target = out ?? join(paths.dist, `${manifest.id}-${manifest.version}${PACKAGE_EXTENSION}`);
  await writeFile(target, packFiles(files));
  return target;
}

export async function keygen(
  prefix: string,
): Promise<{ privateKeyPath: string; publicKeyPath: string; keyId: string }> {
  const pair = generateVendorKeyPair();
  await mkdir(dirname(prefix), { recursive: true });
  const privateKeyPath = `${prefix}.key.pem`;
  const publicKeyPath = `${prefix}.pub.pem`;
  await writeFile(privateKeyPath, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  await chmod(privateKeyPath, 0o600);
  await writeFile(publicKeyPath, pair.publicKeyPem, { flag: 'wx' });
  return { privateKeyPath, publicKeyPath, keyId: pair.keyId };
}

export async function signFile(packagePath: string, keyPath: string, out = packagePath): Promise<void> {
  const signed = signPackage(await readFile(packagePath), await readFile(keyPath, 'utf8'));
  await writeFile(out, signed);
}

export async function verifyFile(packagePath: string, publicKeyPaths: ReadonlyArray<string>) {
  const publicKeys = await Promise.all(publicKeyPaths.map((path) => readFile(path, 'utf8')));
  return verifyPackage(await readFile(packagePath), { publicKeys });
}
