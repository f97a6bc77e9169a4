import { ForbiddenError, InputError, UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { appendAudit } from '../audit/audit.service.ts';
import type { AppEnv } from '../http/types.ts';
import { bumpAuthzVersion, findPersonById } from '../identity/persons.repository.ts';
import { errors, json, OkSchema } from './auth.schemas.ts';
import { readAuthentication, smsGraceEndsAt } from './login-method.ts';
import { auditLogin, policyForPerson } from './login.service.ts';
import { verifyPersonTotp } from './mfa.repository.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { passwordProblems } from './policy.ts';
import { requirePrincipal } from './principal.ts';
import { clientIp, createSessionForPerson, principalAllowingPasswordChange } from './session.service.ts';
import { deleteSessionsOfPerson } from './sessions.repository.ts';
import { encryptSecret, hashRecoveryCode, newRecoveryCodes, newTotpKey, totpEnrolment } from './totp.ts';

const tags = ['Me'];

const changePassword = createRoute({
  method: 'post',
  path: '/api/v1/me/password',
  tags,
  summary: 'Change my password; ends my other sessions and issues a new token',
  description:
    'currentPassword may be left out only within 5 minutes of logging in with an SMS code (see GET /api/v1/me/password/options).',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            currentPassword: z.string().max(256).optional(),
            newPassword: z.string().min(1).max(256),
          }),
        },
      },
    },
  },
  responses: { 200: json(OkSchema, 'Changed'), ...errors(400, 401, 403) },
});

const passwordOptions = createRoute({
  method: 'get',
  path: '/api/v1/me/password/options',
  tags,
  summary: 'Whether this session must give the current password to set a new one',
  responses: {
    200: json(
      z
        .object({
          currentPasswordRequired: z.boolean(),
          withoutCurrentUntil: z.string().nullable().openapi({
            description: 'Set after an SMS-code login: until then a new password needs no current one',
          }),
        })
        .openapi('PasswordOptions'),
      'Options',
    ),
    ...errors(401),
  },
});

const enrolTotp = createRoute({
  method: 'post',
  path: '/api/v1/me/mfa/totp',
  tags,
  summary: 'Start TOTP enrolment: returns the otpauth URI to scan',
  responses: { 200: json(z.object({ uri: z.string(), manualKey: z.string() }), 'Scan this'), ...errors(401) },
});

const confirmTotp = createRoute({
  method: 'post',
  path: '/api/v1/me/mfa/totp/confirm',
  tags,
  summary: 'Confirm TOTP with a first code: returns ten recovery codes, shown once',
  request: {
    body: { content: { 'application/json': { schema: z.object({ code: z.string().regex(/^\d{6}$/) }) } } },
  },
  responses: { 200: json(z.object({ recoveryCodes: z.array(z.string()) }), 'Enrolled'), ...errors(400, 401) },
});

export function securityRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(changePassword, async (c) => {
    // A session whose password an admin reset may do this (and nothing else) first.
    const me = await principalAllowingPasswordChange(c);
    const db = c.get('identity').db;
    const body = c.req.valid('json');
    const person = await findPersonById(db, me.personId);
    let via: 'current_password' | 'recent_sms' | 'no_password' = 'current_password';
    if (!person?.password_hash) via = 'no_password';
    else if (body.currentPassword === undefined) {
      // Proving the phone a moment ago is as good as the forgot-password flow (which also needed
      // the authenticator, as the SMS login did when one is enrolled).
      const grace = smsGraceEndsAt(await readAuthentication(db, me.sessionId), c.get('identity').clock());
      if (!grace) {
        await auditLogin(c, {
          personId: me.personId,
          tenantId: me.activeTenantId,
          action: 'auth.password.change',
          result: 'failure',
          details: { reason: 'current_password_required' },
        });
        throw new ForbiddenError(
          {
            zh: '请输入当前密码。用短信验证码登录后 5 分钟内可直接设置新密码，或在登录页使用“忘记密码”',
            en: 'Enter the current password. Within 5 minutes of an SMS-code login you can set a new one directly, or use “Forgot password” on the login page',
          },
          undefined,
          'current_password_required',
        );
      }
      via = 'recent_sms';
    }
    if (
      via === 'current_password' &&
      !(await verifyPassword(person?.password_hash, body.currentPassword ?? ''))
    ) {
      await auditLogin(c, {
        personId: me.personId,
        tenantId: me.activeTenantId,
        action: 'auth.password.change',
        result: 'failure',
      });
      throw new UnauthenticatedError(
        { zh: '当前密码不正确', en: 'The current password is wrong' },
        undefined,
        'invalid_credentials',
      );
    }
    const problems = passwordProblems(body.newPassword, await policyForPerson(c, me.personId));
    if (problems.length > 0) {
      throw new InputError(
        { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') },
        { field: 'newPassword' },
        'weak_password',
      );
    }
    await db
      .updateTable('persons')
      .set({
        password_hash: await hashPassword(body.newPassword),
        password_changed_at: new Date(),
        password_must_change: false,
        updated_at: new Date(),
      })
      .where('id', '=', me.personId)
      .execute();
    await deleteSessionsOfPerson(db, me.personId);
    await c.get('identity').settle();
    await createSessionForPerson(c, {
      personId: me.personId,
      activeTenantId: me.activeTenantId,
      mfaVerified: me.mfaVerified,
    });
    await auditLogin(c, {
      personId: me.personId,
      tenantId: me.activeTenantId,
      action: 'auth.password.change',
      result: 'success',
      details: { via },
    });
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(passwordOptions, async (c) => {
    const me = await principalAllowingPasswordChange(c);
    const identity = c.get('identity');
    const person = await findPersonById(identity.db, me.personId);
    const grace = smsGraceEndsAt(await readAuthentication(identity.db, me.sessionId), identity.clock());
    return c.json(
      {
        currentPasswordRequired: Boolean(person?.password_hash) && !grace,
        withoutCurrentUntil: person?.password_hash && grace ? grace.toISOString() : null,
      },
      200,
    );
  });

  app.openapi(enrolTotp, async (c) => {
    const me = requirePrincipal(c);
    const identity = c.get('identity');
    const key = newTotpKey();
    const secret = encryptSecret(identity.keys.totp, key);
    // Re-enrolling replaces the secret only while unconfirmed; a confirmed one needs an admin reset.
    const existing = await identity.db
      .selectFrom('mfa_totp')
      .select('confirmed_at')
      .where('person_id', '=', me.personId)
      .executeTakeFirst();
    if (existing?.confirmed_at) {
      throw new InputError(
        {
          zh: '已绑定验证器；如需更换，请联系学校管理员重置',
          en: 'An authenticator is already enrolled; ask your school admin to reset it',
        },
        undefined,
        'mfa_already_enrolled',
      );
    }
    await identity.db
      .insertInto('mfa_totp')
      .values({ person_id: me.personId, secret_encrypted: secret, confirmed_at: null, last_used_step: null })
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet({ secret_encrypted: secret, last_used_step: null }),
      )
      .execute();
    const person = await findPersonById(identity.db, me.personId);
    const account = person?.username ?? person?.phone ?? person?.email ?? me.personId;
    return c.json(totpEnrolment(key, 'CampusBase', account), 200);
  });

  app.openapi(confirmTotp, async (c) => {
    const me = requirePrincipal(c);
    const identity = c.get('identity');
    const { code } = c.req.valid('json');
    if (!(await verifyPersonTotp(identity, me.personId, code, { pending: true }))) {
      throw new InputError(
        {
          zh: '验证码不正确，请核对手机时间后重试',
          en: 'The code is wrong; check the phone’s clock and retry',
        },
        undefined,
        'invalid_code',
      );
    }
    const codes = newRecoveryCodes();
    await identity.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('mfa_totp')
        .set({ confirmed_at: new Date() })
        .where('person_id', '=', me.personId)
        .execute();
      await trx.deleteFrom('mfa_recovery_codes').where('person_id', '=', me.personId).execute();
      await trx
        .insertInto('mfa_recovery_codes')
        .values(
          codes.map((code) => ({
            person_id: me.personId,
            code_hash: hashRecoveryCode(identity.keys.recoveryCode, code),
            used_at: null,
          })),
        )
        .execute();
      await bumpAuthzVersion(trx, [me.personId]);
    });
    // The session has now proven a second factor: a new token for the raised privilege.
    await createSessionForPerson(c, {
      personId: me.personId,
      activeTenantId: me.activeTenantId,
      mfaVerified: true,
    });
    if (me.activeTenantId) {
      await appendAudit(identity.db, {
        tenantId: me.activeTenantId,
        actorPersonId: me.personId,
        action: 'auth.mfa.enrol',
        targetType: 'person',
        targetId: me.personId,
        result: 'success',
        ip: clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
      });
    }
    return c.json({ recoveryCodes: codes }, 200);
  });
}
