import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { jsonText, type SerialisedJson, serialise } from '../http/json-text.ts';
import type { AppEnv } from '../http/types.ts';
import { loadProfile, type Profile } from '../identity/profile.ts';
import { listPersonTenants } from '../identity/person-tenants.ts';
import { VersionedCache } from '../identity/versioned-cache.ts';
import { errors, json, OkSchema } from './auth.schemas.ts';
import { readAuthentication, recordAuthentication } from './login-method.ts';
import { auditLogin } from './login.service.ts';
import { type Principal, requirePrincipal } from './principal.ts';
import { createSessionForPerson, principalAllowingPasswordChange } from './session.service.ts';
import { deleteSession, listSessionsOfPerson } from './sessions.repository.ts';

const tags = ['Me'];

const MembershipSchema = z.object({
  role: z.string(),
  orgUnitId: z.uuid().nullable(),
  orgUnitName: z.string().nullable(),
  number: z.string().nullable(),
});

export const MeSchema = z
  .object({
    person: z.object({
      id: z.uuid(),
      displayName: z.string().openapi({ example: '黄丽华' }),
      phone: z.string().nullable().openapi({ example: '138****0001' }),
      email: z.string().nullable(),
      username: z.string().nullable(),
      nationalIdMasked: z.string().nullable().openapi({ example: '4501**********1234' }),
      locale: z.enum(['zh-CN', 'en']),
    }),
    activeTenant: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }).nullable(),
    roles: z.array(z.object({ role: z.string(), orgUnitId: z.uuid().nullable() })),
    permissions: z.array(z.string()),
    mfa: z.object({ enrolled: z.boolean(), verified: z.boolean(), requiredButMissing: z.boolean() }),
    passwordChangeRequired: z.boolean().openapi({
      description: 'An admin reset the password: change it (POST /api/v1/me/password) before anything else',
    }),
    tenants: z.array(
      z.object({
        tenantId: z.uuid(),
        code: z.string(),
        name: z.string(),
        kind: z.string(),
        roles: z.array(z.string()),
        memberships: z.array(MembershipSchema),
      }),
    ),
    children: z.array(
      z.object({ personId: z.uuid(), displayName: z.string(), tenantId: z.uuid(), relation: z.string() }),
    ),
  })
  .openapi('Me');

const SessionSchema = z
  .object({
    id: z.string(),
    current: z.boolean(),
    activeTenantId: z.uuid().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    idleExpiresAt: z.string(),
    absoluteExpiresAt: z.string(),
  })
  .openapi('Session');

const getMe = createRoute({
  method: 'get',
  path: '/api/v1/me',
  tags,
  summary: 'Who am I: my memberships and schools, the active school, my roles and permissions there',
  responses: { 200: json(MeSchema, 'The current person'), ...errors(401) },
});

const switchTenant = createRoute({
  method: 'post',
  path: '/api/v1/me/active-tenant',
  tags,
  summary: 'Switch the school (or bureau) I act in; issues a new session token',
  request: { body: { content: { 'application/json': { schema: z.object({ tenantId: z.uuid() }) } } } },
  responses: { 200: json(z.object({ activeTenantId: z.uuid() }), 'Switched'), ...errors(400, 401, 403) },
});

const listSessions = createRoute({
  method: 'get',
  path: '/api/v1/me/sessions',
  tags,
  summary: 'My active sessions (devices)',
  responses: { 200: json(z.object({ sessions: z.array(SessionSchema) }), 'Sessions'), ...errors(401) },
});

const revokeSession = createRoute({
  method: 'delete',
  path: '/api/v1/me/sessions/{sessionId}',
  tags,
  summary: 'End one of my sessions',
  request: { params: z.object({ sessionId: z.string().regex(/^[a-z0-9]{16,64}$/) }) },
  responses: { 200: json(OkSchema, 'Ended'), ...errors(401, 404) },
});

export function sessionView(
  s: Awaited<ReturnType<typeof listSessionsOfPerson>>[number],
  currentId: string | null,
) {
  return {
    id: s.id,
    current: s.id === currentId,
    activeTenantId: s.activeTenantId,
    ip: s.ip,
    userAgent: s.userAgent,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    idleExpiresAt: s.idleExpiresAt.toISOString(),
    absoluteExpiresAt: s.absoluteExpiresAt.toISOString(),
  };
}

/** What `GET /api/v1/me` answers: the principal in its active school, and the person's profile. */
function meView(me: Principal, profile: Profile): z.infer<typeof MeSchema> {
  return {
    person: profile.person,
    activeTenant: me.activeTenantId
      ? { id: me.activeTenantId, name: me.tenantName ?? '', kind: me.tenantKind ?? 'school' }
      : null,
    roles: [...me.roles],
    permissions: [...me.permissions()].sort(),
    mfa: { enrolled: profile.mfaEnrolled, verified: me.mfaVerified, requiredButMissing: me.mfaMissing },
    passwordChangeRequired: me.passwordChangeRequired === true,
    tenants: profile.tenants,
    children: profile.children,
  };
}

export function meRoutes(app: OpenAPIHono<AppEnv>): void {
  const profiles = new VersionedCache<Profile | null>({ ttlMs: 30_000, max: 20_000 });
  // The portal asks on every page: the answer is serialised once per (principal, profile). Both
  // are replaced, never changed, when anything in them changes, so the text cannot go stale.
  const answers = new WeakMap<
    Principal,
    { profile: Profile; text: SerialisedJson<z.infer<typeof MeSchema>> }
  >();

  const answer = (me: Principal, profile: Profile) => {
    let memo = answers.get(me);
    if (memo?.profile !== profile) {
      memo = { profile, text: serialise(meView(me, profile)) };
      answers.set(me, memo);
    }
    return jsonText(memo.text, 200);
  };
  const answerLoading = async (c: Context<AppEnv>) => {
    const me = await principalAllowingPasswordChange(c);
    const key = `${me.personId}|${me.authzVersion}`;
    const profile = await profiles.get(key, () => loadProfile(c.get('identity').db, me.personId));
    if (!profile) throw new UnauthenticatedError();
    return answer(me, profile);
  };

  // Not async: when the principal and profile are cached, the answer goes out in the same tick.
  app.openapi(getMe, (c) => {
    const me = c.get('principal');
    const profile = me && profiles.peek(`${me.personId}|${me.authzVersion}`);
    return me && profile ? answer(me, profile) : answerLoading(c);
  });

  app.openapi(switchTenant, async (c) => {
    const me = requirePrincipal(c);
    const { tenantId } = c.req.valid('json');
    const tenants = await listPersonTenants(c.get('identity').db, me.personId);
    if (!tenants.some((t) => t.tenantId === tenantId)) {
      throw new ForbiddenError(
        {
          zh: '您在该学校或单位没有身份，无法切换',
          en: 'You hold no membership or role in that school or bureau',
        },
        { tenantId },
      );
    }
    const current = await c
      .get('identity')
      .db.selectFrom('sessions')
      .select(['absolute_expires_at'])
      .where('id', '=', me.sessionId)
      .executeTakeFirst();
    const authenticated = await readAuthentication(c.get('identity').db, me.sessionId);
    // Acting in another school changes privileges: a new token, same absolute lifetime.
    const next = await createSessionForPerson(c, {
      personId: me.personId,
      activeTenantId: tenantId,
      mfaVerified: me.mfaVerified,
      ...(current ? { absoluteExpiresAt: current.absolute_expires_at } : {}),
    });
    // How and when the person logged in carries over (a recent SMS login stays recent).
    if (authenticated) await recordAuthentication(c.get('identity').db, next.sessionId, authenticated);
    await auditLogin(c, {
      personId: me.personId,
      tenantId,
      action: 'auth.switch_tenant',
      result: 'success',
      details: { from: me.activeTenantId },
    });
    return c.json({ activeTenantId: tenantId }, 200);
  });

  app.openapi(listSessions, async (c) => {
    const me = requirePrincipal(c);
    const sessions = await listSessionsOfPerson(c.get('identity').db, me.personId);
    return c.json({ sessions: sessions.map((s) => sessionView(s, me.sessionId)) }, 200);
  });

  app.openapi(revokeSession, async (c) => {
    const me = requirePrincipal(c);
    const { sessionId } = c.req.valid('param');
    const db = c.get('identity').db;
    const owned = await db
      .selectFrom('sessions')
      .select('id')
      .where('id', '=', sessionId)
      .where('person_id', '=', me.personId)
      .executeTakeFirst();
    if (!owned) throw new NotFoundError({ zh: '没有这个会话', en: `No session ${sessionId} of yours` });
    await deleteSession(db, sessionId);
    await c.get('identity').settle();
    await auditLogin(c, {
      personId: me.personId,
      tenantId: me.activeTenantId,
      action: 'auth.session.revoke',
      result: 'success',
      details: { sessionId },
    });
    return c.json({ ok: true as const }, 200);
  });
}
