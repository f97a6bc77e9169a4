import { InputError, UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/types.ts';
import type { Person } from '../identity/identity.table.ts';
import { findPersonById } from '../identity/persons.repository.ts';
import { errors, json } from './auth.schemas.ts';
import { clearSessionCookie } from './cookie.ts';
import { IP_FAILURE_RULE, policyForPerson } from './login.service.ts';
import { hasConfirmedTotp, useRecoveryCode, verifyPersonTotp } from './mfa.repository.ts';
import { hashPassword } from './password.ts';
import {
  applyPasswordReset,
  auditReset,
  clearLoginLockouts,
  findResetGrant,
  issueResetToken,
  MAX_TICKET_FAILURES,
  recordGrantFailure,
} from './password-reset.service.ts';
import { sendResetLink } from './password-reset.mail.ts';
import { passwordProblems } from './policy.ts';
import { clientIp } from './session.service.ts';
import { checkSmsCode, codeFailure, issueSmsCode, maskPhone, requirePhone } from './sms-codes.ts';
import { PhoneSchema } from './sms-login.routes.ts';
import { lockedError, lockedUntil, recordHit } from './throttle.ts';

const tags = ['Auth'];
const MFA_RULE = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
const NETWORK = { zh: '本网络登录', en: 'logins from this network' };

const AcceptedSchema = z
  .object({ accepted: z.literal(true), resendAfterSeconds: z.number() })
  .openapi('PasswordResetRequested');

const GrantSchema = z
  .object({
    ticket: z.string().openapi({ description: 'Send it with the new password; single use' }),
    expiresAt: z.string(),
    channel: z.enum(['sms', 'email']),
    accountHint: z.string().openapi({ example: '陈*' }),
    totpRequired: z
      .boolean()
      .openapi({ description: 'The account has an authenticator: a TOTP or recovery code is needed too' }),
    passwordPolicy: z.object({ minLength: z.number(), minCharClasses: z.number() }).openapi({
      description: 'The strictest policy among the schools the person belongs to',
    }),
  })
  .openapi('PasswordResetGrant');

const accepted = <T extends z.ZodType>(path: string, summary: string, schema: T) =>
  createRoute({
    method: 'post',
    path,
    tags,
    summary,
    description:
      'The answer is the same whether or not an account has this address, so it cannot reveal accounts.',
    request: { body: { content: { 'application/json': { schema } } } },
    responses: { 202: json(AcceptedSchema, 'Accepted'), ...errors(400, 429) },
  });

const sendCode = accepted(
  '/api/v1/auth/password-reset/sms',
  'SMS: send a 6-digit code to reset the password (忘记密码)',
  z.object({ phone: PhoneSchema }),
);
const sendLink = accepted(
  '/api/v1/auth/password-reset/email',
  'Email: send a single-use link (30 min) to reset the password',
  z.object({ email: z.email().max(254) }),
);

const verify = createRoute({
  method: 'post',
  path: '/api/v1/auth/password-reset/verify',
  tags,
  summary: 'Prove control of the phone (code) or mailbox (link token); returns the reset ticket',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.union([
            z.object({ phone: PhoneSchema, code: z.string().regex(/^\d{6}$/) }),
            z.object({ token: z.string().min(20).max(100) }),
          ]),
        },
      },
    },
  },
  responses: { 200: json(GrantSchema, 'Verified'), ...errors(400, 401, 429) },
});

const complete = createRoute({
  method: 'post',
  path: '/api/v1/auth/password-reset/complete',
  tags,
  summary: 'Set the new password with the ticket (and TOTP when enrolled); ends every session',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            ticket: z.string().min(20).max(100),
            newPassword: z.string().min(1).max(256),
            totpCode: z
              .string()
              .regex(/^\d{6}$/)
              .optional(),
            recoveryCode: z.string().min(8).max(20).optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ ok: z.literal(true), sessionsEnded: z.number() }), 'Password set'),
    ...errors(400, 401, 429),
  },
});

function invalidTicket(): UnauthenticatedError {
  return new UnauthenticatedError(
    {
      zh: '重置链接或凭证无效、已使用或已过期，请重新找回密码',
      en: 'The reset link or ticket is invalid, used or expired; start over',
    },
    undefined,
    'invalid_reset_ticket',
  );
}

function maskName(name: string): string {
  const chars = [...name];
  return `${chars[0] ?? ''}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

export function passwordResetRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(sendCode, async (c) => {
    const phone = requirePhone(c.req.valid('json').phone);
    const person = await issueSmsCode(c, phone, 'password_reset');
    await auditReset(c, {
      person,
      action: 'requested',
      result: person ? 'success' : 'failure',
      details: { channel: 'sms', to: maskPhone(phone), ...(person ? {} : { reason: 'unknown_account' }) },
    });
    return c.json({ accepted: true as const, resendAfterSeconds: 60 }, 202);
  });

  app.openapi(sendLink, async (c) => {
    const email = c.req.valid('json').email.trim().toLowerCase();
    const person = await sendResetLink(c, email);
    await auditReset(c, {
      person,
      action: 'requested',
      result: person ? 'success' : 'failure',
      details: { channel: 'email', to: email.replace(/^(.).*(@.*)$/, '$1***$2') },
    });
    return c.json({ accepted: true as const, resendAfterSeconds: 60 }, 202);
  });

  app.openapi(verify, async (c) => {
    const identity = c.get('identity');
    const body = c.req.valid('json');
    let person: Person | undefined;
    let ticket: { token: string; expiresAt: Date; channel: 'sms' | 'email' };
    if ('code' in body) {
      const phone = requirePhone(body.phone);
      const check = await checkSmsCode(c, phone, body.code, 'password_reset');
      if (!check.ok) {
        await auditReset(c, {
          person: check.person,
          action: 'failed',
          result: 'failure',
          details: { stage: 'code', channel: 'sms', locked: check.lockedUntil !== null },
        });
        throw codeFailure(check);
      }
      person = check.person;
      const issued = await issueResetToken(identity, {
        kind: 'reset_ticket',
        channel: 'sms',
        personId: person.id,
      });
      ticket = { ...issued, channel: 'sms' };
    } else {
      const ipKey = `login:ip:${clientIp(c)}`;
      const locked = await lockedUntil(identity.db, ipKey);
      if (locked) throw lockedError(locked, NETWORK);
      const grant = await findResetGrant(identity, body.token);
      person = grant ? await findPersonById(identity.db, grant.personId) : undefined;
      if (!grant || person?.status !== 'active') {
        await recordHit(identity.db, ipKey, IP_FAILURE_RULE);
        await auditReset(c, { person, action: 'failed', result: 'failure', details: { stage: 'link' } });
        throw invalidTicket();
      }
      // Opening the link does not spend it (mail scanners open links); setting the password does.
      ticket = { token: body.token, expiresAt: grant.expiresAt, channel: grant.channel };
    }
    const policy = await policyForPerson(c, person.id);
    return c.json(
      {
        ticket: ticket.token,
        expiresAt: ticket.expiresAt.toISOString(),
        channel: ticket.channel,
        accountHint: maskName(person.display_name),
        totpRequired: await hasConfirmedTotp(identity.db, person.id),
        passwordPolicy: {
          minLength: policy.password.minLength,
          minCharClasses: policy.password.minCharClasses,
        },
      },
      200,
    );
  });

  app.openapi(complete, async (c) => {
    const identity = c.get('identity');
    const body = c.req.valid('json');
    const ipKey = `login:ip:${clientIp(c)}`;
    const ipLock = await lockedUntil(identity.db, ipKey);
    if (ipLock) throw lockedError(ipLock, NETWORK);
    const grant = await findResetGrant(identity, body.ticket);
    const person = grant ? await findPersonById(identity.db, grant.personId) : undefined;
    if (!grant || !person || person.status !== 'active') {
      await recordHit(identity.db, ipKey, IP_FAILURE_RULE);
      await auditReset(c, { person, action: 'failed', result: 'failure', details: { stage: 'ticket' } });
      throw invalidTicket();
    }
    // The policy first: a TOTP code is single use, so it is not spent on a password that fails.
    const problems = passwordProblems(body.newPassword, await policyForPerson(c, person.id));
    if (problems.length > 0) {
      throw new InputError(
        { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') },
        { field: 'newPassword' },
        'weak_password',
      );
    }
    if (await hasConfirmedTotp(identity.db, person.id)) {
      if (!body.totpCode && !body.recoveryCode) {
        throw new UnauthenticatedError(
          {
            zh: '该账号已开启两步验证，请输入验证器上的 6 位验证码或一个恢复码',
            en: 'This account uses two-step verification: enter the authenticator code or a recovery code',
          },
          undefined,
          'totp_required',
        );
      }
      const mfaKey = `mfa:person:${person.id}`;
      const locked = await lockedUntil(identity.db, mfaKey);
      if (locked) throw lockedError(locked, { zh: '两步验证', en: 'two-factor codes' });
      const ok = body.totpCode
        ? await verifyPersonTotp(identity, person.id, body.totpCode)
        : await useRecoveryCode(identity, person.id, body.recoveryCode ?? '');
      if (!ok) {
        const [lockedNow] = await Promise.all([
          recordHit(identity.db, mfaKey, MFA_RULE),
          recordGrantFailure(identity, grant.id),
        ]);
        await auditReset(c, {
          person,
          action: 'failed',
          result: 'failure',
          details: { stage: body.totpCode ? 'totp' : 'recovery_code', channel: grant.channel },
        });
        if (lockedNow) throw lockedError(lockedNow, { zh: '两步验证', en: 'two-factor codes' });
        throw new UnauthenticatedError(
          {
            zh: `验证码不正确（同一凭证最多可试 ${MAX_TICKET_FAILURES} 次）`,
            en: `The code is wrong (a ticket allows ${MAX_TICKET_FAILURES} tries)`,
          },
          undefined,
          'invalid_code',
        );
      }
    }
    const applied = await applyPasswordReset(identity, grant, await hashPassword(body.newPassword));
    if (!applied) throw invalidTicket();
    await clearLoginLockouts(identity, person);
    clearSessionCookie(c, identity.cookie);
    await auditReset(c, {
      person,
      action: 'completed',
      result: 'success',
      details: { channel: grant.channel, sessionsEnded: applied.sessionsEnded },
    });
    return c.json({ ok: true as const, sessionsEnded: applied.sessionsEnded }, 200);
  });
}
