/**
 * `@campusbase/plugin-sdk/package`: build, sign and verify `.cbapp` packages (Node only).
 */
export * from './format.ts';
export { generateVendorKeyPair, keyIdOf, sha256Hex, type VendorKeyPair } from './crypto.ts';
export { digestFiles, packFiles, signPackage } from './pack.ts';
export { verifyPackage, type VerifiedPackage, type VerifyOptions } from './verify.ts';
