import { UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/types.ts';
import { classifyLogin } from '../identity/identifiers.ts';
import { findPersonById, findPersonByLogin } from '../identity/persons.repository.ts';
import { errors, json, LoginResultSchema, OkSchema } from './auth.schemas.ts';
import { readSessionCookie } from './cookie.ts';
import {
  auditLogin,
  completeFirstFactor,
  IP_FAILURE_RULE,
  invalidCredentials,
  passwordTooOld,
  policyForPerson,
} from './login.service.ts';
import { readAuthentication, recordAuthentication } from './login-method.ts';
import { useRecoveryCode, verifyPersonTotp } from './mfa.repository.ts';
import { verifyPassword } from './password.ts';
import {
  checkSessionToken,
  clientIp,
  createSessionForPerson,
  endPresentedSession,
} from './session.service.ts';
import { clearHits, lockedError, lockedUntil, recordHit } from './throttle.ts';

const tags = ['Auth'];

const login = createRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  tags,
  summary: 'Log in with phone, email or username and a password',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            login: z.string().min(1).max(254).openapi({ example: 'admin.fenglin' }),
            password: z.string().min(1).max(256),
          }),
        },
      },
    },
  },
  responses: { 200: json(LoginResultSchema, 'Logged in (or MFA next)'), ...errors(400, 401, 429) },
});

const mfaVerify = createRoute({
  method: 'post',
  path: '/api/v1/auth/mfa/verify',
  tags,
  summary: 'Complete a login with a TOTP code or a recovery code',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.union([
            z.object({ code: z.string().regex(/^\d{6}$/) }),
            z.object({ recoveryCode: z.string().min(8).max(20) }),
          ]),
        },
      },
    },
  },
  responses: { 200: json(LoginResultSchema, 'Logged in with a new session'), ...errors(400, 401, 429) },
});

const logout = createRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  tags,
  summary: 'End this session',
  responses: { 200: json(OkSchema, 'Logged out') },
});

const MFA_RULE = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export function authRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(login, async (c) => {
    const db = c.get('identity').db;
    const body = c.req.valid('json');
    const ip = clientIp(c);
    const ipKey = `login:ip:${ip}`;
    const ipLock = await lockedUntil(db, ipKey);
    if (ipLock) throw lockedError(ipLock, { zh: '本网络登录', en: 'logins from this network' });
    const identifier = classifyLogin(body.login);
    // Lockout is keyed by what was typed, so an unknown account locks exactly like a real one.
    const idKey = `login:id:${identifier ? `${identifier.kind}:${identifier.value}` : body.login.slice(0, 100)}`;
    const idLock = await lockedUntil(db, idKey);
    if (idLock) throw lockedError(idLock, { zh: '该账号', en: 'this account' });
    const person = identifier ? await findPersonByLogin(db, identifier) : undefined;
    const policy = await policyForPerson(c, person?.id ?? null);
    const ok = (await verifyPassword(person?.password_hash, body.password)) && person?.status === 'active';
    if (!ok || !person) {
      const rule = {
        max: policy.lockout.maxFailures,
        windowMs: 15 * 60_000,
        lockMs: policy.lockout.lockMinutes * 60_000,
      };
      const [lockedNow] = await Promise.all([
        recordHit(db, idKey, rule),
        recordHit(db, ipKey, IP_FAILURE_RULE),
      ]);
      await auditLogin(c, {
        personId: person?.id ?? null,
        action: 'auth.login.password',
        result: 'failure',
        details: { login: body.login.slice(0, 100), locked: lockedNow !== null },
      });
      if (lockedNow) throw lockedError(lockedNow, { zh: '该账号', en: 'this account' });
      throw invalidCredentials();
    }
    await clearHits(db, idKey);
    return c.json(await completeFirstFactor(c, person, 'password', policy), 200);
  });

  app.openapi(mfaVerify, async (c) => {
    const identity = c.get('identity');
    const check = await checkSessionToken(identity, readSessionCookie(c, identity.cookie));
    if (check.state !== 'pending-mfa') {
      throw new UnauthenticatedError(
        { zh: '请先用密码或短信验证码登录', en: 'Log in with a password or an SMS code first' },
        undefined,
        'mfa_not_pending',
      );
    }
    const personId = check.session.personId;
    const key = `mfa:person:${personId}`;
    const locked = await lockedUntil(identity.db, key);
    if (locked) throw lockedError(locked, { zh: '两步验证', en: 'two-factor codes' });
    const body = c.req.valid('json');
    const ok =
      'code' in body
        ? await verifyPersonTotp(identity, personId, body.code)
        : await useRecoveryCode(identity, personId, body.recoveryCode);
    const method = 'code' in body ? 'totp' : 'recovery_code';
    if (!ok) {
      const lockedNow = await recordHit(identity.db, key, MFA_RULE);
      await auditLogin(c, { personId, action: `auth.mfa.${method}`, result: 'failure' });
      if (lockedNow) throw lockedError(lockedNow, { zh: '两步验证', en: 'two-factor codes' });
      throw new UnauthenticatedError(
        { zh: '验证码不正确', en: 'The code is wrong' },
        undefined,
        'invalid_code',
      );
    }
    await clearHits(identity.db, key);
    // The first factor (password or SMS code) and its time carry over to the full session.
    const firstFactor = await readAuthentication(identity.db, check.session.id);
    // A new token for the new privilege: the pending session is ended inside createSessionForPerson.
    const session = await createSessionForPerson(c, {
      personId,
      activeTenantId: check.session.activeTenantId,
      mfaVerified: true,
    });
    if (firstFactor) await recordAuthentication(identity.db, session.sessionId, firstFactor);
    await auditLogin(c, {
      personId,
      tenantId: session.activeTenantId,
      action: `auth.mfa.${method}`,
      result: 'success',
    });
    const person = await findPersonById(identity.db, personId);
    const policy = await policyForPerson(c, personId);
    const passwordExpired = person ? person.password_must_change || passwordTooOld(person, policy) : false;
    return c.json({ status: 'ok' as const, activeTenantId: session.activeTenantId, passwordExpired }, 200);
  });

  app.openapi(logout, async (c) => {
    const principal = c.get('principal');
    const ended = await endPresentedSession(c);
    if (ended && principal) {
      await auditLogin(c, {
        personId: principal.personId,
        tenantId: principal.activeTenantId,
        action: 'auth.logout',
        result: 'success',
      });
    }
    return c.json({ ok: true as const }, 200);
  });
}
