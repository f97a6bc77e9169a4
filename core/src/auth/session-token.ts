import { hash, randomBytes } from 'node:crypto';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function randomId(length: number): string {
  const bytes = randomBytes(length);
  let id = '';
  // 256 is a multiple of 32, so `byte % 32` is unbiased.
  for (const byte of bytes) id += ID_ALPHABET[byte % 32];
  return id;
}

export interface SessionToken {
  id: string;
  secret: string;
  /** What the cookie carries: `<id>.<secret>`. */
  token: string;
  secretHash: Uint8Array;
}

/**
 * A new session token (Lucia's reference design): a public id to find the row and a 32-byte
 * secret of which only SHA-256 is stored, so a read of the sessions table yields no usable token.
 */
export function generateSessionToken(): SessionToken {
  const id = randomId(24);
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): Uint8Array {
  // The one-shot hash: no Hash object per call (this runs on every authenticated request).
  return hash('sha256', secret, 'buffer');
}

/** Splits a cookie value into id and secret, or null when it is not shaped like a token. */
export function parseSessionToken(value: string | undefined): { id: string; secret: string } | null {
  if (!value || value.length > 200) return null;
  const dot = value.indexOf('.');
  if (dot < 16) return null;
  const id = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  if (!/^[a-z0-9]{16,64}$/.test(id) || !/^[A-Za-z0-9_-]{40,64}$/.test(secret)) return null;
  return { id, secret };
}

/** Stored hashes in hex, computed once per row object (cached sessions keep theirs). */
const storedHex = new WeakMap<Uint8Array, string>();

/**
 * Compares the presented secret with the stored hash in constant time. It compares hex digests:
 * a hex string costs less to make than a Buffer, which matters on every authenticated request.
 */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  let expected = storedHex.get(storedHash);
  if (expected === undefined) {
    expected = Buffer.from(storedHash).toString('hex');
    storedHex.set(storedHash, expected);
  }
  const presented = hash('sha256', secret, 'hex');
  if (presented.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < presented.length; i++) difference |= presented.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}
