import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/types.ts';
import { errors, json, LoginResultSchema } from './auth.schemas.ts';
import { auditLogin, completeFirstFactor, policyForPerson } from './login.service.ts';
import { checkSmsCode, codeFailure, issueSmsCode, maskPhone, requirePhone } from './sms-codes.ts';

const tags = ['Auth'];

export const PhoneSchema = z.string().min(6).max(20).openapi({ example: '13800138000' });

const sendCode = createRoute({
  method: 'post',
  path: '/api/v1/auth/sms/send',
  tags,
  summary: 'Send a 6-digit login code by SMS (短信验证码)',
  description:
    'The answer is the same whether or not an account has this number, so it cannot reveal accounts.',
  request: { body: { content: { 'application/json': { schema: z.object({ phone: PhoneSchema }) } } } },
  responses: {
    202: json(
      z.object({ accepted: z.literal(true), resendAfterSeconds: z.number() }).openapi('SmsSent'),
      'Accepted',
    ),
    ...errors(400, 429),
  },
});

const smsLogin = createRoute({
  method: 'post',
  path: '/api/v1/auth/sms/login',
  tags,
  summary: 'Log in with a phone number and the SMS code',
  request: {
    body: {
      content: {
        'application/json': { schema: z.object({ phone: PhoneSchema, code: z.string().regex(/^\d{6}$/) }) },
      },
    },
  },
  responses: { 200: json(LoginResultSchema, 'Logged in (or MFA next)'), ...errors(400, 401, 429) },
});

export function smsLoginRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(sendCode, async (c) => {
    await issueSmsCode(c, requirePhone(c.req.valid('json').phone), 'login');
    return c.json({ accepted: true as const, resendAfterSeconds: 60 }, 202);
  });

  app.openapi(smsLogin, async (c) => {
    const body = c.req.valid('json');
    const phone = requirePhone(body.phone);
    const check = await checkSmsCode(c, phone, body.code, 'login');
    if (!check.ok) {
      await auditLogin(c, {
        personId: null,
        action: 'auth.login.sms',
        result: 'failure',
        details: { phone: maskPhone(phone), locked: check.lockedUntil !== null },
      });
      throw codeFailure(check);
    }
    const policy = await policyForPerson(c, check.person.id);
    return c.json(await completeFirstFactor(c, check.person, 'sms', policy), 200);
  });
}
