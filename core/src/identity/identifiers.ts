import { createHmac } from 'node:crypto';

/** Mainland mobile numbers are stored as 11 digits; others keep their leading + and digits. */
export function normalisePhone(input: string): string | null {
  const compact = input.replace(/[\s()-]/g, '');
  const cn = compact.replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(cn)) return cn;
  if (/^\+[1-9]\d{6,18}$/.test(compact)) return compact;
  return null;
}

export type LoginIdentifier = { kind: 'phone' | 'email' | 'username'; value: string };

/** Tells a phone number, an email and a username apart, normalised for lookup. */
export function classifyLogin(input: string): LoginIdentifier | null {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 254) return null;
  if (trimmed.includes('@')) return { kind: 'email', value: trimmed.toLowerCase() };
  const phone = normalisePhone(trimmed);
  if (phone) return { kind: 'phone', value: phone };
  if (/^[A-Za-z0-9_.-]{3,64}$/.test(trimmed)) return { kind: 'username', value: trimmed.toLowerCase() };
  return null;
}

/** Checks an 18-character resident ID: format and the ISO 7064 MOD 11-2 check digit. */
export function isValidNationalId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

/**
 * The only forms in which a national ID is kept: a keyed hash (to find duplicates and match an
 * import) and a masked display form. The raw number is never stored.
 */
export function protectNationalId(raw: string, key: string): { hash: string; masked: string } {
  const id = raw.trim().toUpperCase();
  return {
    hash: createHmac('sha256', key).update(id).digest('hex'),
    masked: `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`,
  };
}
