import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';

const PERIOD = 30;
const DIGITS = 6;

/** AES-256-GCM with a key derived from the platform secret: `v1.<iv>.<ciphertext>.<tag>`. */
export function encryptSecret(key: Buffer, plain: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptSecret(key: Buffer, stored: string): Uint8Array {
  const [version, iv, body, tag] = stored.split('.');
  if (version !== 'v1' || !iv || !body || !tag) throw new Error('Unknown TOTP secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]));
}

export function newTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

/** The otpauth:// URI an authenticator app scans, and the key for typing it in by hand. */
export function totpEnrolment(
  key: Uint8Array,
  issuer: string,
  account: string,
): { uri: string; manualKey: string } {
  return {
    uri: createTOTPKeyURI(issuer, account, key, PERIOD, DIGITS),
    manualKey: encodeBase32UpperCaseNoPadding(key),
  };
}

/**
 * Checks a 6-digit code for the current 30 s step and one step either side (clock drift). Returns
 * the step it matched, which must be greater than the last step used, so a code cannot be replayed.
 */
export function matchTotp(
  key: Uint8Array,
  code: string,
  lastUsedStep: number | null,
  now = Date.now(),
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = Math.floor(now / 1000 / PERIOD);
  for (const step of [current - 1, current, current + 1]) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    const expected = generateHOTP(key, BigInt(step), DIGITS);
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(code))) return step;
  }
  return null;
}

/** Ten single-use recovery codes such as `7KQ2-M9XD-P3TA`. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function hashRecoveryCode(key: string, code: string): string {
  return createHmac('sha256', key).update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');
}
