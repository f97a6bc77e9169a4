/**
 * A mainland China mobile number (11 digits from 13x to 19x) in the form the server stores, or
 * null. Spaces, dashes and a leading +86 are accepted, as people paste them from contacts. The
 * server checks again (core/src/identity/identifiers.ts); this only saves a wasted SMS request.
 *
 * @example
 * mainlandMobile('+86 139-0771-9001') // '13907719001'
 */
export function mainlandMobile(input: string): string | null {
  const compact = input.replace(/[\s()-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(compact) ? compact : null;
}

/** A 6-digit SMS code, as the server accepts it. */
export const isSmsCode = (input: string): boolean => /^\d{6}$/.test(input.trim());
