/**
 * The `.cbapp` package: a zip archive holding
 * - `campusbase.app.json`, the manifest;
 * - `server.mjs`, the server bundle (when the manifest has `server`);
 * - `ui/**`, the UI assets (when the manifest has `ui`);
 * - `DIGESTS.json`, the SHA-256 of every other file: `{ format, algorithm: 'sha256', files: { path: hex } }`
 *   with the paths sorted;
 * - `SIGNATURE.json`, an ed25519 signature over the exact bytes of `DIGESTS.json`:
 *   `{ algorithm: 'ed25519', keyId, signature }` (base64). `keyId` is the first 16 hex digits of the
 *   SHA-256 of the public key's DER (SPKI) bytes.
 */
export const PACKAGE_FORMAT = 'campusbase-package/1';
export const DIGESTS_FILE = 'DIGESTS.json';
export const SIGNATURE_FILE = 'SIGNATURE.json';
export const SERVER_BUNDLE_FILE = 'server.mjs';
export const UI_FOLDER = 'ui/';
export const PACKAGE_EXTENSION = '.cbapp';

/** Limits checked before and while unpacking, against zip bombs. */
export const PACKAGE_LIMITS = {
  maxFiles: 2000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxServerBundleBytes: 5 * 1024 * 1024,
} as const;

export interface DigestList {
  readonly format: typeof PACKAGE_FORMAT;
  readonly algorithm: 'sha256';
  readonly files: { readonly [path: string]: string };
}

export interface PackageSignature {
  readonly algorithm: 'ed25519';
  readonly keyId: string;
  readonly signature: string;
}
