import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import type { PackageSignature } from './format.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return sha256Hex(key.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

export interface VendorKeyPair {
  /** PKCS#8 PEM; keep it secret. */
  readonly privateKeyPem: string;
  /** SPKI PEM; register it with the marketplace. */
  readonly publicKeyPem: string;
  readonly keyId: string;
}

/** A new ed25519 key pair for signing packages. */
export function generateVendorKeyPair(): VendorKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

export function signBytes(bytes: Uint8Array, privateKeyPem: string): PackageSignature {
  const publicKey = createPublicKey(privateKeyPem);
  if (publicKey.asymmetricKeyType !== 'ed25519')
    throw new TypeError('The signing key must be an ed25519 private key');
  return {
    algorithm: 'ed25519',
    keyId: keyIdOf(publicKey),
    signature: sign(null, bytes, privateKeyPem).toString('base64'),
  };
}

export function verifyBytes(bytes: Uint8Array, signature: PackageSignature, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, bytes, key, Buffer.from(signature.signature, 'base64'));
  } catch {
    return false;
  }
}
