import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from '../secrets.ts';

/**
 * Authenticated encryption (AES-256-GCM) for secrets the SSO provider must read back: signing keys
 * and client secrets. Each purpose gets its own key derived from the platform secret, and the
 * purpose is bound as associated data, so a value sealed for one use cannot be opened as another.
 * Format: `v1.<iv>.<tag>.<ciphertext>` in base64url.
 *
 * @example
 * const box = sealer(secret, 'sso:oidc-keys');
 * box.open(box.seal('{"kty":"RSA",…}'));
 */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function sealer(secret: string, purpose: string): Sealer {
  const key = Buffer.from(deriveKey(secret, purpose), 'hex');
  const aad = Buffer.from(purpose);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined)
        throw new Error('Sealed value has an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad);
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
