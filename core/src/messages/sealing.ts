import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a sealed value is for; each purpose has its own key and cannot be opened as another. */
export type SealPurpose = 'messages:webhook-secret' | 'messages:wecom-key';

/**
 * AES-256-GCM for the credentials the message centre must read back to deliver (webhook signing
 * secrets, WeCom robot keys). The key is HKDF-SHA256 of the platform secret with the purpose as
 * info, and the purpose is bound as associated data as well.
 * Format `v1.<iv>.<tag>.<ciphertext>` in base64url, the same layout as the SSO sealer.
 *
 * @example
 * const box = credentialSealer(secret, 'messages:webhook-secret');
 * const stored = box.seal('whsec_…');
 * box.open(stored); // 'whsec_…'
 */
export interface CredentialSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

const SALT = 'campusbase:messages:v1';

export function sealingKey(secret: string, purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, `campusbase:${purpose}`, 32));
}

export function credentialSealer(secret: string, purpose: SealPurpose): CredentialSealer {
  const key = sealingKey(secret, purpose);
  const aad = Buffer.from(purpose);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined)
        throw new Error(`A sealed ${purpose} has an unknown format`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad);
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/** The sealers of the message centre, from the platform secret. */
export interface MessageSealers {
  webhookSecret: CredentialSealer;
  wecomKey: CredentialSealer;
}

export function messageSealers(secret: string): MessageSealers {
  return {
    webhookSecret: credentialSealer(secret, 'messages:webhook-secret'),
    wecomKey: credentialSealer(secret, 'messages:wecom-key'),
  };
}
