import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { InputError } from '../errors/index.ts';
import { MANIFEST_FILE } from '../version.ts';
import { sha256Hex, signBytes } from './crypto.ts';
import { DIGESTS_FILE, type DigestList, PACKAGE_FORMAT, SIGNATURE_FILE } from './format.ts';

const encoder = new TextEncoder();

/** Builds the digest list for a set of package files (every file except the two signature files). */
export function digestFiles(files: ReadonlyMap<string, Uint8Array>): DigestList {
  const entries = [...files]
    .filter(([path]) => path !== DIGESTS_FILE && path !== SIGNATURE_FILE)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, bytes]) => [path, sha256Hex(bytes)] as const);
  return { format: PACKAGE_FORMAT, algorithm: 'sha256', files: Object.fromEntries(entries) };
}

function zip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const zippable: Zippable = {};
  // A fixed timestamp keeps archives reproducible: the same inputs give the same bytes.
  for (const [path, bytes] of files) zippable[path] = [bytes, { mtime: new Date('2000-01-01T00:00:00Z') }];
  return zipSync(zippable, { level: 6 });
}

/**
 * Packs an app's files (paths inside the package) with its digest list, unsigned.
 *
 * @example
 * const archive = packFiles(new Map([['campusbase.app.json', manifestBytes], ['server.mjs', bundle]]));
 */
export function packFiles(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  if (!files.has(MANIFEST_FILE)) {
    throw new InputError(
      { zh: `包中缺少 ${MANIFEST_FILE}`, en: `The package needs ${MANIFEST_FILE}` },
      {},
      'package_incomplete',
    );
  }
  const all = new Map(files);
  all.delete(SIGNATURE_FILE);
  all.set(DIGESTS_FILE, encoder.encode(JSON.stringify(digestFiles(files), null, 2)));
  return zip(all);
}

/** Adds (or replaces) `SIGNATURE.json`, signing the package's `DIGESTS.json` as it is. */
export function signPackage(archive: Uint8Array, privateKeyPem: string): Uint8Array {
  const files = new Map(Object.entries(unzipSync(archive)));
  const digests = files.get(DIGESTS_FILE);
  if (!digests) {
    throw new InputError(
      {
        zh: '包中没有 DIGESTS.json，请先用 pack 生成',
        en: 'The package has no DIGESTS.json; build it with pack',
      },
      {},
      'package_incomplete',
    );
  }
  files.set(SIGNATURE_FILE, strToU8(JSON.stringify(signBytes(digests, privateKeyPem), null, 2)));
  return zip(files);
}
