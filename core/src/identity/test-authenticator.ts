import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';

/**
 * For integration tests: the code an authenticator app would show for a 30-second step, from the
 * manual key returned by enrolment. `step(0)` is now; `step(1)` the next window (accepted as
 * drift, and later than any code already used now).
 */
export function authenticator(manualKey: string): { step(offset: number): string } {
  const key = decodeBase32IgnorePadding(manualKey);
  const base = Math.floor(Date.now() / 30_000);
  return { step: (offset) => generateHOTP(key, BigInt(base + offset), 6) };
}
