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
