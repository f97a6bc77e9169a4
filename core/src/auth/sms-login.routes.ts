import { randomInt, createHmac, timingSafeEqual } from 'node:crypto';
import { InputError, UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/types.ts';
import { normalisePhone } from '../identity/identifiers.ts';
import { findPersonByLogin } from '../identity/persons.repository.ts';
import { errors, json, LoginResultSchema } from './auth.schemas.ts';
import type { Identity } from './identity.ts';
import { auditLogin, completeFirstFactor, IP_FAILURE_RULE, policyForPerson } from './login.service.ts';
import { clientIp } from './session.service.ts';
import { lockedError, lockedUntil, recordHit } from './throttle.ts';

const tags = ['Auth'];
const CODE_TTL_MS = 5 * 60_000;
const MAX_TRIES_PER_CODE = 5;

// Sending: one per minute and five per hour per number, twenty per hour per IP.
const SEND_INTERVAL = { max: 1, windowMs: 60_000, lockMs: 60_000 };
const SEND_PER_PHONE = { max: 5, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };
const SEND_PER_IP = { max: 20, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };
// Guessing: five wrong codes per number lock it for 15 minutes.
const VERIFY_PER_PHONE = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

const PhoneSchema = z.string().min(6).max(20).openapi({ example: '13800138000' });

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

function codeHash(identity: Identity, phone: string, code: string): string {
  return createHmac('sha256', identity.keys.smsCode).update(`${phone}:${code}`).digest('hex');
}

function requirePhone(input: string): string {
  const phone = normalisePhone(input);
  if (!phone) {
    throw new InputError({ zh: '手机号格式不正确', en: 'The phone number is not valid' }, { field: 'phone' });
  }
  return phone;
}

export function smsLoginRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(sendCode, async (c) => {
    const identity = c.get('identity');
    const phone = requirePhone(c.req.valid('json').phone);
    const ip = clientIp(c);
    for (const key of [`sms:send:interval:${phone}`, `sms:send:phone:${phone}`, `sms:send:ip:${ip}`]) {
      const locked = await lockedUntil(identity.db, key);
      if (locked) throw lockedError(locked, { zh: '短信发送', en: 'SMS codes' });
    }
    await recordHit(identity.db, `sms:send:interval:${phone}`, SEND_INTERVAL);
    await recordHit(identity.db, `sms:send:phone:${phone}`, SEND_PER_PHONE);
    await recordHit(identity.db, `sms:send:ip:${ip}`, SEND_PER_IP);
    // A code is stored for every number, known or not, so the work (and the time) is the same.
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await identity.db
      .insertInto('sms_codes')
      .values({
        phone,
        code_hash: codeHash(identity, phone, code),
        expires_at: new Date(Date.now() + CODE_TTL_MS),
      })
      .execute();
    const person = await findPersonByLogin(identity.db, { kind: 'phone', value: phone });
    if (person?.status === 'active') {
      // Sent after the response is decided, so a slow provider does not reveal that the number exists.
      void identity.sms
        .send({
          phone,
          purpose: 'login-code',
          text: `【CampusBase】您的登录验证码为 ${code}，5 分钟内有效。如非本人操作请忽略。`,
        })
        .catch((error: unknown) => identity.logger.error({ err: error }, 'SMS send failed'));
    }
    return c.json({ accepted: true as const, resendAfterSeconds: 60 }, 202);
  });

  app.openapi(smsLogin, async (c) => {
    const identity = c.get('identity');
    const body = c.req.valid('json');
    const phone = requirePhone(body.phone);
    const ip = clientIp(c);
    const ipKey = `login:ip:${ip}`;
    const phoneKey = `sms:verify:phone:${phone}`;
    for (const [key, what] of [
      [ipKey, { zh: '本网络登录', en: 'logins from this network' }],
      [phoneKey, { zh: '该手机号验证码', en: 'codes for this number' }],
    ] as const) {
      const locked = await lockedUntil(identity.db, key);
      if (locked) throw lockedError(locked, what);
    }
    const expected = codeHash(identity, phone, body.code);
    // Single use: the code is consumed in the statement that matches it.
    const candidate = await identity.db
      .selectFrom('sms_codes')
      .select(['id', 'code_hash', 'attempts'])
      .where('phone', '=', phone)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', new Date())
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    let matched = false;
    if (candidate && candidate.attempts < MAX_TRIES_PER_CODE) {
      const same = timingSafeEqual(Buffer.from(candidate.code_hash, 'hex'), Buffer.from(expected, 'hex'));
      const update = identity.db
        .updateTable('sms_codes')
        .where('id', '=', candidate.id)
        .where('consumed_at', 'is', null);
      if (same) {
        matched =
          Number((await update.set({ consumed_at: new Date() }).executeTakeFirst()).numUpdatedRows) === 1;
      } else {
        await update.set((eb) => ({ attempts: eb('attempts', '+', 1) })).execute();
      }
    }
    const person = matched
      ? await findPersonByLogin(identity.db, { kind: 'phone', value: phone })
      : undefined;
    if (person?.status !== 'active') {
      const [lockedNow] = await Promise.all([
        recordHit(identity.db, phoneKey, VERIFY_PER_PHONE),
        recordHit(identity.db, ipKey, IP_FAILURE_RULE),
      ]);
      await auditLogin(c, {
        personId: person?.id ?? null,
        action: 'auth.login.sms',
        result: 'failure',
        details: { phone: `${phone.slice(0, 3)}****${phone.slice(-4)}` },
      });
      if (lockedNow) throw lockedError(lockedNow, { zh: '该手机号验证码', en: 'codes for this number' });
      throw new UnauthenticatedError(
        { zh: '验证码不正确或已过期，请重新获取', en: 'The code is wrong or has expired; request a new one' },
        undefined,
        'invalid_code',
      );
    }
    const policy = await policyForPerson(c, person.id);
    return c.json(await completeFirstFactor(c, person, 'sms', policy), 200);
  });
}
