import { type UnzipFileInfo, unzipSync } from 'fflate';
import { InputError, LimitError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import type { AppManifest } from '../manifest/types.ts';
import { parseManifest } from '../manifest/validate.ts';
import { MANIFEST_FILE } from '../version.ts';
import { sha256Hex, verifyBytes } from './crypto.ts';
import {
  DIGESTS_FILE,
  type DigestList,
  PACKAGE_FORMAT,
  PACKAGE_LIMITS,
  type PackageSignature,
  SERVER_BUNDLE_FILE,
  SIGNATURE_FILE,
  UI_FOLDER,
} from './format.ts';

export interface VerifyOptions {
  /** The vendor's registered public keys (SPKI PEM); the signature must verify with one of them. */
  readonly publicKeys: ReadonlyArray<string>;
  /** When given, the manifest's `engines.campusbase` must accept it. */
  readonly platformVersion?: string;
}

export interface VerifiedPackage {
  readonly manifest: AppManifest;
  /** Every file of the package except `DIGESTS.json` and `SIGNATURE.json`. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly digests: DigestList;
  readonly keyId: string;
  /** The public key that verified the signature. */
  readonly publicKey: string;
}

function rejected(
  code: string,
  zh: string,
  en: string,
  details: { [key: string]: JsonValue } = {},
): InputError {
  return new InputError(
    { zh: `应用包校验失败：${zh}`, en: `The package failed verification: ${en}` },
    details,
    code,
  );
}

function safePath(path: string): boolean {
  return (
    path.length > 0 &&
    path.length <= 300 &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    !path.includes('\0') &&
    path.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}

function unpack(archive: Uint8Array): Map<string, Uint8Array> {
  const names = new Set<string>();
  let declaredBytes = 0;
  let entries: ReturnType<typeof unzipSync>;
  try {
    entries = unzipSync(archive, {
      filter(file: UnzipFileInfo) {
        if (file.name.endsWith('/')) return false;
        if (!safePath(file.name))
          throw rejected('package_path_unsafe', `不安全的文件路径 ${file.name}`, `unsafe path ${file.name}`);
        if (names.has(file.name))
          throw rejected('package_duplicate_file', `重复的文件 ${file.name}`, `duplicate file ${file.name}`);
        names.add(file.name);
        declaredBytes += file.originalSize;
        if (names.size > PACKAGE_LIMITS.maxFiles || declaredBytes > PACKAGE_LIMITS.maxTotalBytes) {
          throw new LimitError(
            { zh: '应用包过大或文件过多', en: 'The package is too large or has too many files' },
            { status: 413, code: 'package_too_large' },
          );
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof InputError || error instanceof LimitError) throw error;
    throw rejected('package_not_zip', '不是有效的 zip 文件', 'it is not a valid zip archive');
  }
  const files = new Map(Object.entries(entries));
  const total = [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  if (total > PACKAGE_LIMITS.maxTotalBytes) {
    throw new LimitError(
      { zh: '应用包解压后过大', en: 'The package is too large when unpacked' },
      { status: 413, code: 'package_too_large' },
    );
  }
  return files;
}

function readJson<T>(files: ReadonlyMap<string, Uint8Array>, name: string): T {
  const bytes = files.get(name);
  if (!bytes) throw rejected('package_incomplete', `缺少 ${name}`, `${name} is missing`, { file: name });
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw rejected('package_malformed', `${name} 不是有效的 JSON`, `${name} is not valid JSON`, {
      file: name,
    });
  }
}

/**
 * Checks a `.cbapp` archive: safe paths and sizes, the ed25519 signature over `DIGESTS.json` with
 * one of the vendor's keys, every file's SHA-256 against the list (nothing missing, nothing extra),
 * then the manifest and the files it names. The marketplace calls it on upload and install, and the
 * runtime again at load time.
 */
export function verifyPackage(archive: Uint8Array, options: VerifyOptions): VerifiedPackage {
  const files = unpack(archive);
  const digestBytes = files.get(DIGESTS_FILE);
  const digests = readJson<DigestList>(files, DIGESTS_FILE);
  const signature = readJson<PackageSignature>(files, SIGNATURE_FILE);
  if (signature.algorithm !== 'ed25519' || typeof signature.signature !== 'string') {
    throw rejected('package_signature_invalid', '签名格式不受支持', 'the signature format is not supported');
  }
  const publicKey = options.publicKeys.find((key) => verifyBytes(digestBytes!, signature, key));
  if (!publicKey) {
    throw rejected(
      'package_signature_invalid',
      '签名与开发商登记的公钥不匹配，包可能被篡改或用了其他密钥签名',
      "the signature does not match the vendor's registered keys; the package was altered or signed with another key",
      { keyId: String(signature.keyId) },
    );
  }
  if (
    digests.format !== PACKAGE_FORMAT ||
    digests.algorithm !== 'sha256' ||
    typeof digests.files !== 'object'
  ) {
    throw rejected('package_malformed', 'DIGESTS.json 格式不正确', 'DIGESTS.json is malformed');
  }
  const content = new Map([...files].filter(([path]) => path !== DIGESTS_FILE && path !== SIGNATURE_FILE));
  for (const [path, bytes] of content) {
    const expected = digests.files[path];
    if (expected === undefined)
      throw rejected(
        'package_file_unlisted',
        `文件 ${path} 不在摘要清单中`,
        `${path} is not in the digest list`,
        { file: path },
      );
    if (sha256Hex(bytes) !== expected) {
      throw rejected(
        'package_digest_mismatch',
        `文件 ${path} 的摘要不符，内容被修改过`,
        `the digest of ${path} does not match; it was altered`,
        { file: path },
      );
    }
  }
  for (const path of Object.keys(digests.files)) {
    if (!content.has(path))
      throw rejected('package_file_missing', `清单中的文件 ${path} 不存在`, `${path} is listed but missing`, {
        file: path,
      });
  }
  const manifest = parseManifest(readJson<JsonValue>(files, MANIFEST_FILE), options);
  const bundle = content.get(SERVER_BUNDLE_FILE);
  if (manifest.server && !bundle)
    throw rejected('package_incomplete', `缺少 ${SERVER_BUNDLE_FILE}`, `${SERVER_BUNDLE_FILE} is missing`);
  if (bundle && bundle.length > PACKAGE_LIMITS.maxServerBundleBytes) {
    throw new LimitError(
      { zh: '服务端代码超过 5 MB', en: 'The server bundle exceeds 5 MB' },
      { status: 413, code: 'bundle_too_large' },
    );
  }
  for (const page of manifest.ui?.pages ?? []) {
    if (!content.has(UI_FOLDER + page.entry)) {
      throw rejected(
        'package_incomplete',
        `缺少页面文件 ui/${page.entry}`,
        `the page file ui/${page.entry} is missing`,
      );
    }
  }
  return { manifest, files: content, digests, keyId: String(signature.keyId), publicKey };
}
