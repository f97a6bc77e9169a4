import { hash, verify } from '@node-rs/argon2';

// OWASP's Argon2id minimum (19 MiB, 2 passes, 1 lane); @node-rs/argon2 defaults to Argon2id.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// Verified when no account matches, so an unknown login costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Verifies a password against a stored Argon2id hash; with no hash, spends the same time and fails. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('campusbase-timing-equaliser');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
