import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A new device secret: 256 random bits, base64url. Such a secret cannot be guessed, so storing
 * its SHA-256 is enough (a slow password hash protects low-entropy human passwords, and would
 * cost a CPU-second per thousand devices reconnecting after a broker restart).
 */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashDeviceSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares in constant time. */
export function verifyDeviceSecret(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashDeviceSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
