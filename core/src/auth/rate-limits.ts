import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/types.ts';
import { classifyLogin, normalisePhone } from '../identity/identifiers.ts';
import { rateLimit } from '../middleware/rate-limit/index.ts';

/**
 * Request-rate limits on the routes that cost the server (Argon2id, SMS) or touch credentials,
 * per client IP and per account, phone or target person. They are kept in each node's memory and
 * cap bursts of any request, successful or not; the lockouts in `auth_throttle` (throttle.ts)
 * count failures across nodes. Limits are generous per IP because a school's pupils share one
 * NAT address.
 */
export const IDENTITY_RATE_LIMITS = {
  loginPerIp: { windowMs: 60_000, max: 120 },
  loginPerAccount: { windowMs: 60_000, max: 10 },
  smsSendPerIp: { windowMs: 60_000, max: 30 },
  smsSendPerPhone: { windowMs: 60_000, max: 3 },
  smsLoginPerPhone: { windowMs: 60_000, max: 10 },
  mfaVerifyPerIp: { windowMs: 60_000, max: 60 },
  passwordResetPerIp: { windowMs: 60_000, max: 30 },
  passwordResetPerPerson: { windowMs: 60_000, max: 3 },
  forgotSendPerIp: { windowMs: 60_000, max: 30 },
  forgotSendPerAddress: { windowMs: 60_000, max: 3 },
  forgotVerifyPerPhone: { windowMs: 60_000, max: 10 },
} as const;

/** A key from one string field of the JSON body, or null (skip) when absent or unparsable. */
function bodyField(field: string, normalise: (value: string) => string | null) {
  return async (c: Context<AppEnv>): Promise<string | null> => {
    const body: unknown = await c.req.json().catch(() => null);
    if (typeof body !== 'object' || body === null) return null;
    const value = (body as Record<string, unknown>)[field];
    return typeof value === 'string' ? normalise(value) : null;
  };
}

const loginKey = (value: string) => {
  const id = classifyLogin(value);
  return id ? `${id.kind}:${id.value}` : value.trim().toLowerCase().slice(0, 100);
};

/** Puts the limits in front of the identity routes; call before the routes are mounted. */
export function identityRateLimits(app: OpenAPIHono<AppEnv>): void {
  const L = IDENTITY_RATE_LIMITS;
  const post = (path: string, ...limiters: ReturnType<typeof rateLimit>[]) => {
    for (const limiter of limiters) {
      app.on('POST', path, limiter);
    }
  };
  post(
    '/api/v1/auth/login',
    rateLimit({ name: 'login-ip', ...L.loginPerIp }),
    rateLimit({ name: 'login-account', ...L.loginPerAccount, key: bodyField('login', loginKey) }),
  );
  post(
    '/api/v1/auth/sms/send',
    rateLimit({ name: 'sms-send-ip', ...L.smsSendPerIp }),
    rateLimit({ name: 'sms-send-phone', ...L.smsSendPerPhone, key: bodyField('phone', normalisePhone) }),
  );
  post(
    '/api/v1/auth/sms/login',
    rateLimit({ name: 'sms-login-ip', ...L.loginPerIp }),
    rateLimit({ name: 'sms-login-phone', ...L.smsLoginPerPhone, key: bodyField('phone', normalisePhone) }),
  );
  post('/api/v1/auth/mfa/verify', rateLimit({ name: 'mfa-verify-ip', ...L.mfaVerifyPerIp }));
  // Forgot password (忘记密码): the same shape as SMS login, plus the email address.
  post(
    '/api/v1/auth/password-reset/sms',
    rateLimit({ name: 'forgot-sms-ip', ...L.forgotSendPerIp }),
    rateLimit({
      name: 'forgot-sms-phone',
      ...L.forgotSendPerAddress,
      key: bodyField('phone', normalisePhone),
    }),
  );
  post(
    '/api/v1/auth/password-reset/email',
    rateLimit({ name: 'forgot-email-ip', ...L.forgotSendPerIp }),
    rateLimit({
      name: 'forgot-email-address',
      ...L.forgotSendPerAddress,
      key: bodyField('email', (v) => v.trim().toLowerCase().slice(0, 254) || null),
    }),
  );
  post(
    '/api/v1/auth/password-reset/verify',
    rateLimit({ name: 'forgot-verify-ip', ...L.loginPerIp }),
    rateLimit({
      name: 'forgot-verify-phone',
      ...L.forgotVerifyPerPhone,
      key: bodyField('phone', normalisePhone),
    }),
  );
  post(
    '/api/v1/auth/password-reset/complete',
    rateLimit({ name: 'forgot-complete-ip', ...L.mfaVerifyPerIp }),
  );
  post(
    '/api/v1/people/:personId/password-reset',
    rateLimit({ name: 'password-reset-ip', ...L.passwordResetPerIp }),
    rateLimit({
      name: 'password-reset-person',
      ...L.passwordResetPerPerson,
      key: (c) => c.req.param('personId') ?? null,
    }),
  );
}
