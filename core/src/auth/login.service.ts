import { UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import type { Context } from 'hono';
import { appendAudit, platformTenant } from '../audit/audit.service.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import type { Person } from '../identity/identity.table.ts';
import { listPersonTenants } from '../identity/person-tenants.ts';
import { recordAuthentication } from './login-method.ts';
import { hasConfirmedTotp } from './mfa.repository.ts';
import { DEFAULT_POLICY, readSecurityPolicy, type SecurityPolicy, strictest } from './policy.ts';
import { clientIp, createSessionForPerson } from './session.service.ts';

export const IP_FAILURE_RULE = { max: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export function invalidCredentials(): UnauthenticatedError {
  return new UnauthenticatedError(
    {
      zh: '账号或密码不正确。忘记密码可使用短信验证码登录，或联系学校管理员重置',
      en: 'The account or password is wrong. Log in with an SMS code, or ask your school admin to reset it',
    },
    undefined,
    'invalid_credentials',
  );
}

/** The strictest policy of the tenants a person belongs to (the default for nobody). */
export async function policyForPerson(c: Context<AppEnv>, personId: string | null): Promise<SecurityPolicy> {
  if (!personId) return DEFAULT_POLICY;
  const db = c.get('identity').db;
  const tenants = await listPersonTenants(db, personId);
  if (tenants.length === 0) return DEFAULT_POLICY;
  const policies = await Promise.all(
    tenants.map((t) => withTenant(db, t.tenantId, (trx) => readSecurityPolicy(trx, t.tenantId))),
  );
  return strictest(policies);
}

/** Writes a login event to the person's first tenant's chain, or the platform's. */
export async function auditLogin(
  c: Context<AppEnv>,
  event: {
    personId: string | null;
    tenantId?: string | null;
    action: string;
    result: 'success' | 'failure';
    details?: Record<string, unknown>;
  },
): Promise<void> {
  const db = c.get('identity').db;
  let tenantId = event.tenantId ?? null;
  if (!tenantId && event.personId)
    tenantId = (await listPersonTenants(db, event.personId))[0]?.tenantId ?? null;
  tenantId ??= await platformTenant(db);
  if (!tenantId) return;
  await appendAudit(db, {
    tenantId,
    actorPersonId: event.personId,
    action: event.action,
    targetType: 'person',
    targetId: event.personId,
    result: event.result,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
    details: event.details ?? {},
  });
}

/** Whether the policy's maximum password age has passed (0: never). */
export function passwordTooOld(person: Person, policy: SecurityPolicy): boolean {
  const maxAge = policy.password.maxAgeDays;
  return (
    maxAge > 0 && (person.password_changed_at?.getTime() ?? 0) < Date.now() - maxAge * 24 * 60 * 60 * 1000
  );
}

export interface LoginOutcome {
  status: 'ok' | 'mfa_required';
  activeTenantId: string | null;
  passwordExpired: boolean;
}

/**
 * After a first factor succeeds: a person with an authenticator gets a session that can only
 * complete MFA; everyone else gets a full session. Either way the session is new.
 */
export async function completeFirstFactor(
  c: Context<AppEnv>,
  person: Person,
  method: 'password' | 'sms',
  policy: SecurityPolicy,
): Promise<LoginOutcome> {
  const db = c.get('identity').db;
  const mfa = await hasConfirmedTotp(db, person.id);
  const session = await createSessionForPerson(c, { personId: person.id, mfaPending: mfa });
  await recordAuthentication(db, session.sessionId, { method, authenticatedAt: c.get('identity').clock() });
  const passwordExpired =
    person.password_must_change || (method === 'password' && passwordTooOld(person, policy));
  await auditLogin(c, {
    personId: person.id,
    tenantId: session.activeTenantId,
    action: mfa ? `auth.login.${method}.first_factor` : `auth.login.${method}`,
    result: 'success',
  });
  return { status: mfa ? 'mfa_required' : 'ok', activeTenantId: session.activeTenantId, passwordExpired };
}
