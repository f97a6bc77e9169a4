import type { Ref } from 'vue';
import { ref } from 'vue';
import { type Countdown, useCountdown } from './countdown.ts';
import { type LoginErrorText, loginErrorText } from './login-error.ts';

export interface Attempt {
  busy: Ref<boolean>;
  /** The server's words for the last failure (already in the portal's language), or null. */
  error: Ref<string | null>;
  /** Counts down Retry-After when the answer was a lock or throttle. */
  wait: Countdown;
  /** Runs one action unless one is running; true when it succeeded. */
  run(action: () => Promise<void>): Promise<boolean>;
}

/**
 * One login-page request at a time (log in, send a code, verify a code): busy while it runs,
 * the answer's message on failure, and a countdown when the answer is a 429 with Retry-After.
 *
 * @example
 * const login = useAttempt(describeLoginError(() => t('login.offline')));
 * await login.run(async () => emit('result', await smsLogin(phone, code)));
 */
export function useAttempt(describe: (error: unknown) => LoginErrorText): Attempt {
  const busy = ref(false);
  const error = ref<string | null>(null);
  const wait = useCountdown();
  async function run(action: () => Promise<void>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    error.value = null;
    try {
      await action();
      return true;
    } catch (e) {
      const text = describe(e);
      error.value = text.message;
      if (text.waitSeconds) wait.start(text.waitSeconds);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, wait, run };
}

/** The usual description: the server's message, or 「无法连接服务器」 when it could not be reached. */
export const describeLoginError =
  (offline: () => string) =>
  (error: unknown): LoginErrorText =>
    loginErrorText(error, offline());
