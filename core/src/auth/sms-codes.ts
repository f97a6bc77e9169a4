import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { InputError, UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import type { Context } from 'hono';
import type { AppEnv } from '../http/types.ts';
import { normalisePhone } from '../identity/identifiers.ts';
import type { Person, SmsCodePurpose } from '../identity/identity.table.ts';
import { findPersonByLogin } from '../identity/persons.repository.ts';
import type { Identity } from './identity.ts';
import { IP_FAILURE_RULE } from './login.service.ts';
import { clientIp } from './session.service.ts';
import { lockedError, lockedUntil, recordHit } from './throttle.ts';

export const SMS_CODE_TTL_MS = 5 * 60_000;
const MAX_TRIES_PER_CODE = 5;

// Sending: one per minute and five per hour per number, twenty per hour per IP. The counters are
// shared by every purpose, so asking for reset codes does not double a number's SMS budget.
const SEND_INTERVAL = { max: 1, windowMs: 60_000, lockMs: 60_000 };
const SEND_PER_PHONE = { max: 5, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };
const SEND_PER_IP = { max: 20, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };
// Guessing: five wrong codes per number lock it for 15 minutes, whichever form they came from.
const VERIFY_PER_PHONE = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

const TEXT: Record<SmsCodePurpose, (code: string) => string> = {
  login: (code) => `您的登录验证码为 ${code}，5 分钟内有效。如非本人操作请忽略。`,
  password_reset: (code) =>
    `您正在找回密码，验证码为 ${code}，5 分钟内有效。请勿告诉任何人；如非本人操作，请忽略并留意账号安全。`,
};

const CODE_LOCK_TEXT = { zh: '该手机号验证码', en: 'codes for this number' };

function codeHash(identity: Identity, purpose: SmsCodePurpose, phone: string, code: string): string {
  // The purpose is part of the keyed hash, so a login code never answers for a reset and back.
  const input = purpose === 'login' ? `${phone}:${code}` : `${purpose}:${phone}:${code}`;
  return createHmac('sha256', identity.keys.smsCode).update(input).digest('hex');
}

/** A mainland or international number in its stored form, or a 400 naming the field. */
export function requirePhone(input: string): string {
  const phone = normalisePhone(input);
  if (!phone) {
    throw new InputError({ zh: '手机号格式不正确', en: 'The phone number is not valid' }, { field: 'phone' });
  }
  return phone;
}

export function invalidCodeError(): UnauthenticatedError {
  return new UnauthenticatedError(
    { zh: '验证码不正确或已过期，请重新获取', en: 'The code is wrong or has expired; request a new one' },
    undefined,
    'invalid_code',
  );
}

/**
 * Sends a 6-digit code for `purpose` to a number, under the send limits. The code is stored for
 * every number, known or not, and the SMS is sent after the answer is decided, so neither the
 * answer nor its timing tells whether an account has this number. Returns the person it went to.
 */
export async function issueSmsCode(
  c: Context<AppEnv>,
  phone: string,
  purpose: SmsCodePurpose,
): Promise<Person | undefined> {
  const identity = c.get('identity');
  const ip = clientIp(c);
  for (const key of [`sms:send:interval:${phone}`, `sms:send:phone:${phone}`, `sms:send:ip:${ip}`]) {
    const locked = await lockedUntil(identity.db, key);
    if (locked) throw lockedError(locked, { zh: '短信发送', en: 'SMS codes' });
  }
  await recordHit(identity.db, `sms:send:interval:${phone}`, SEND_INTERVAL);
  await recordHit(identity.db, `sms:send:phone:${phone}`, SEND_PER_PHONE);
  await recordHit(identity.db, `sms:send:ip:${ip}`, SEND_PER_IP);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = identity.clock();
  await identity.db
    .insertInto('sms_codes')
    .values({
      phone,
      purpose,
      code_hash: codeHash(identity, purpose, phone, code),
      created_at: now,
      expires_at: new Date(now.getTime() + SMS_CODE_TTL_MS),
    })
    .execute();
  const person = await findPersonByLogin(identity.db, { kind: 'phone', value: phone });
  if (person?.status !== 'active') return undefined;
  void identity.sms
    .send({ phone, purpose: purpose === 'login' ? 'login-code' : 'reset-code', text: TEXT[purpose](code) })
    .catch((error: unknown) => identity.logger.error({ err: error, purpose }, 'SMS send failed'));
  return person;
}

export type CodeCheck =
  | { ok: true; person: Person }
  | { ok: false; person: Person | undefined; lockedUntil: Date | null };

/**
 * Checks a code for a number and purpose and consumes it in the statement that matches it (single
 * use). Refuses while the number or the client's network is locked; a wrong code counts towards
 * both locks. On failure, `person` is the account with this number (for the audit), if any.
 */
export async function checkSmsCode(
  c: Context<AppEnv>,
  phone: string,
  code: string,
  purpose: SmsCodePurpose,
): Promise<CodeCheck> {
  const identity = c.get('identity');
  const ipKey = `login:ip:${clientIp(c)}`;
  const phoneKey = `sms:verify:phone:${phone}`;
  for (const [key, what] of [
    [ipKey, { zh: '本网络登录', en: 'logins from this network' }],
    [phoneKey, CODE_LOCK_TEXT],
  ] as const) {
    const locked = await lockedUntil(identity.db, key);
    if (locked) throw lockedError(locked, what);
  }
  const now = identity.clock();
  const candidate = await identity.db
    .selectFrom('sms_codes')
    .select(['id', 'code_hash', 'attempts'])
    .where('phone', '=', phone)
    .where('purpose', '=', purpose)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  let matched = false;
  if (candidate && candidate.attempts < MAX_TRIES_PER_CODE) {
    const expected = codeHash(identity, purpose, phone, code);
    const same = timingSafeEqual(Buffer.from(candidate.code_hash, 'hex'), Buffer.from(expected, 'hex'));
    const update = identity.db
      .updateTable('sms_codes')
      .where('id', '=', candidate.id)
      .where('consumed_at', 'is', null);
    if (same) {
      matched = Number((await update.set({ consumed_at: now }).executeTakeFirst()).numUpdatedRows) === 1;
    } else {
      await update.set((eb) => ({ attempts: eb('attempts', '+', 1) })).execute();
    }
  }
  const person = await findPersonByLogin(identity.db, { kind: 'phone', value: phone });
  if (matched && person?.status === 'active') return { ok: true, person };
  const [lockedNow] = await Promise.all([
    recordHit(identity.db, phoneKey, VERIFY_PER_PHONE),
    recordHit(identity.db, ipKey, IP_FAILURE_RULE),
  ]);
  return { ok: false, person, lockedUntil: lockedNow };
}

/** The error for a failed check: the lock when this failure locked the number, else invalid_code. */
export function codeFailure(check: { lockedUntil: Date | null }): Error {
  return check.lockedUntil ? lockedError(check.lockedUntil, CODE_LOCK_TEXT) : invalidCodeError();
}

/** Masks a number for logs and audit details: 139****9001. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
