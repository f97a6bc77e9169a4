import { ApiError } from '../../api/client.ts';

export interface LoginErrorText {
  message: string;
  /** Locked or throttled: the form waits this many seconds before it can be sent again. */
  waitSeconds: number | null;
}

/**
 * What to tell the person when a login step fails. The server already words its errors in the
 * portal's language (the client sends Accept-Language), e.g. "该账号尝试次数过多，已暂时锁定，请 15 分钟后
 * 再试或联系学校管理员"; a lockout also carries Retry-After, which the form counts down.
 */
export function loginErrorText(error: unknown, offline: string): LoginErrorText {
  if (error instanceof ApiError) {
    const locked = error.status === 429;
    return { message: error.message, waitSeconds: locked ? error.retryAfterSeconds : null };
  }
  return { message: offline, waitSeconds: null };
}

export interface SendErrorWords {
  offline: string;
  /** 发送过于频繁，请 N 秒后再试 */
  tooOftenSeconds: (seconds: number) => string;
  /** The same, in minutes, for the hourly limits. */
  tooOftenMinutes: (minutes: number) => string;
}

/**
 * What to tell the person when 获取验证码 fails. A 429 (one code a minute, five an hour per number,
 * twenty an hour per network) becomes 「发送过于频繁」 with the wait from Retry-After, and the send
 * button counts it down; the same words whether or not the number has an account.
 */
export function sendErrorText(error: unknown, words: SendErrorWords): LoginErrorText {
  if (error instanceof ApiError && error.status === 429) {
    const seconds = error.retryAfterSeconds;
    if (!seconds) return { message: error.message, waitSeconds: null };
    const message =
      seconds > 120 ? words.tooOftenMinutes(Math.ceil(seconds / 60)) : words.tooOftenSeconds(seconds);
    return { message, waitSeconds: seconds };
  }
  return loginErrorText(error, words.offline);
}
