import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { appendAudit, auditContext, platformTenant } from '../../audit/audit.service.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-scope.ts';
import type { AppEnv } from '../../http/types.ts';
import { loginPage } from '../login-page.ts';
import { errorPage, page } from '../pages.ts';
import type { PlatformSession } from '../platform-session.ts';
import { loadSsoPerson, type SsoPerson } from '../sso-person.ts';
import {
  consumeTicket,
  getService,
  hashTicket,
  issueTicket,
  serviceTenants,
  ticketTenant,
} from './cas.repository.ts';
import {
  type CasAttributes,
  type CasErrorCode,
  casFailureJson,
  casFailureXml,
  casSuccessJson,
  casSuccessXml,
} from './xml.ts';

const tags = ['SSO: CAS'];
const html = (description: string) => ({ content: { 'text/html': { schema: z.string() } }, description });
const serviceUrl = z
  .string()
  .max(2000)
  .openapi({ example: 'https://jw.fenglin.example.edu.cn/cas/callback' });

const login = createRoute({
  method: 'get',
  path: '/cas/login',
  tags,
  summary: 'CAS login: issues a service ticket to an allow-listed service',
  request: {
    query: z.object({
      service: serviceUrl.optional(),
      renew: z.string().optional(),
      gateway: z.string().optional(),
    }),
  },
  responses: {
    200: html('Login form, or "already logged in"'),
    303: { description: 'To the service with ?ticket=ST-…' },
    403: html('The service is not on any school’s allow-list, or the person is not in that school'),
  },
});

const validateQuery = z.object({
  service: serviceUrl.optional(),
  ticket: z.string().max(300).optional(),
  renew: z.string().optional(),
  format: z.enum(['XML', 'JSON', 'xml', 'json']).optional(),
});
const xml = { content: { 'application/xml': { schema: z.string() } }, description: 'cas:serviceResponse' };
const serviceValidate = createRoute({
  method: 'get',
  path: '/cas/serviceValidate',
  tags,
  summary: 'CAS 2.0 ticket validation',
  request: { query: validateQuery },
  responses: { 200: xml },
});
const p3ServiceValidate = createRoute({
  method: 'get',
  path: '/cas/p3/serviceValidate',
  tags,
  summary: 'CAS 3.0 ticket validation, with attributes (name, school, roles, org units…)',
  request: { query: validateQuery },
  responses: { 200: xml },
});
const logout = createRoute({
  method: 'get',
  path: '/cas/logout',
  tags,
  summary: 'CAS logout: ends the platform session; returns to an allow-listed service',
  request: { query: z.object({ service: serviceUrl.optional(), url: serviceUrl.optional() }) },
  responses: { 200: html('Logged out'), 303: { description: 'To the service' } },
});

/** Adds the ticket before any fragment, keeping the service's own query. */
function withTicket(service: string, ticket: string): string {
  const hash = service.indexOf('#');
  const base = hash === -1 ? service : service.slice(0, hash);
  const fragment = hash === -1 ? '' : service.slice(hash);
  return `${base}${base.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}${fragment}`;
}

function attributesFor(
  person: SsoPerson,
  released: readonly string[],
  fromNewLogin: boolean,
  at: Date,
): CasAttributes {
  const all: CasAttributes = {
    name: person.name,
    personId: person.personId,
    tenantCode: person.tenant.code,
    tenantName: person.tenant.name,
    roles: person.roles,
    orgUnits: person.orgUnits.map((u) => u.name),
    orgUnitIds: person.orgUnits.map((u) => u.id),
    schoolNumber: person.schoolNumber ?? '',
    phone: person.phone ?? '',
    email: person.email ?? '',
  };
  const pick: Record<string, string[]> = {
    name: ['name', 'personId'],
    tenant: ['tenantCode', 'tenantName'],
    roles: ['roles'],
    orgUnits: ['orgUnits', 'orgUnitIds'],
    schoolNumber: ['schoolNumber'],
    phone: ['phone'],
    email: ['email'],
  };
  const out: CasAttributes = {
    authenticationDate: at.toISOString(),
    isFromNewLogin: String(fromNewLogin),
    longTermAuthenticationRequestTokenUsed: 'false',
  };
  for (const group of released)
    for (const key of pick[group] ?? []) if (all[key] !== '') out[key] = all[key]!;
  return out;
}

export interface CasDeps {
  db: Kysely<Database>;
  session: PlatformSession;
}

/**
 * CAS 2.0/3.0 on the platform session. A service is admitted only when a school lists it; the
 * person must belong to that school. Tickets are `ST-` + 256 random bits, stored hashed, consumed
 * by the first validation attempt, and expire within 5 minutes.
 */
export function casRoutes(app: OpenAPIHono<AppEnv>, deps: CasDeps): void {
  const { db } = deps;

  app.openapi(login, async (c) => {
    const { service, renew, gateway } = c.req.valid('query');
    const principal = c.get('principal');
    const here = new URL(c.req.url);
    const returnTo = `${here.pathname}${here.search}`;
    if (!service) {
      if (!principal) return c.html(loginPage(returnTo, '登录后即可访问学校的各个系统'), 200);
      return c.html(page('已登录', `<h1>您已登录统一身份认证</h1><p>${principal.displayName}</p>`), 200);
    }
    const candidates = await serviceTenants(db, service);
    if (candidates.length === 0) {
      await audit(c, db, null, null, 'sso.cas.login', 'denied', {
        service,
        reason: 'service not allow-listed',
      });
      return c.html(
        errorPage(
          '该系统未在任何学校的统一认证服务名单中登记，无法通过本平台登录。请联系学校信息中心登记。',
          'This service is not on any school’s CAS allow-list. Ask the school’s IT office to register it.',
        ),
        403,
      );
    }
    const fresh = renew === 'true' && principal ? await isFreshSession(db, principal.sessionId) : false;
    if (!principal || (renew === 'true' && !fresh)) {
      if (gateway === 'true' && !principal) return c.redirect(service, 303);
      return c.html(loginPage(returnTo, '登录后将返回您要访问的系统'), 200);
    }
    // Prefer the school the person is acting in, then any listing school they belong to.
    candidates.sort(
      (a, b) =>
        Number(b.tenantId === principal.activeTenantId) - Number(a.tenantId === principal.activeTenantId),
    );
    for (const candidate of candidates) {
      const person = await loadSsoPerson(db, principal.personId, candidate.tenantId);
      if (!person) continue;
      const ticket = await withTenant(db, candidate.tenantId, (trx) =>
        issueTicket(trx, {
          ...candidate,
          service,
          personId: principal.personId,
          sessionId: principal.sessionId,
          fromNewLogin: fresh,
        }),
      );
      await audit(c, db, candidate.tenantId, principal.personId, 'sso.cas.login', 'success', { service });
      return c.redirect(withTicket(service, ticket), 303);
    }
    await audit(c, db, candidates[0]!.tenantId, principal.personId, 'sso.cas.login', 'denied', {
      service,
      reason: 'not a member of the listing school',
    });
    return c.html(
      errorPage(
        '您不是登记该系统的学校的成员，无法登录该系统。',
        'You are not a member of the school that registered this service.',
      ),
      403,
    );
  });

  const validate = (withAttributes: boolean) => async (c: Context<AppEnv>) => {
    const query = c.req.query();
    const json = query.format?.toUpperCase() === 'JSON';
    const fail = (code: CasErrorCode, description: string) =>
      json
        ? c.json(casFailureJson(code, description), 200)
        : c.body(casFailureXml(code, description), 200, XML);
    const { service, ticket, renew } = query;
    if (!service || !ticket) return fail('INVALID_REQUEST', 'Both service and ticket are required');
    if (!/^ST-[A-Za-z0-9_-]{20,256}$/.test(ticket))
      return fail('INVALID_TICKET_SPEC', `Ticket ${ticket.slice(0, 40)} is not a service ticket`);
    const ticketHash = hashTicket(ticket);
    const tenantId = await ticketTenant(db, ticketHash);
    if (!tenantId) return fail('INVALID_TICKET', `Ticket ${ticket.slice(0, 12)}… not recognized`);
    type Outcome =
      | { ok: false; error: CasErrorCode; why: string }
      | { ok: true; row: NonNullable<Awaited<ReturnType<typeof consumeTicket>>>; attributes: string[] };
    const refuse = (error: CasErrorCode, why: string): Outcome => ({ ok: false, error, why });
    const outcome = await withTenant(db, tenantId, async (trx): Promise<Outcome> => {
      const row = await consumeTicket(trx, tenantId, ticketHash);
      if (!row) return refuse('INVALID_TICKET', 'Ticket already used');
      if (row.expires_at.getTime() <= Date.now()) return refuse('INVALID_TICKET', 'Ticket expired');
      if (row.service !== service) return refuse('INVALID_SERVICE', 'Ticket was issued for another service');
      const registered = await getService(trx, tenantId, row.service_id);
      if (registered?.status !== 'active')
        return refuse('INVALID_SERVICE', 'The service is no longer allow-listed');
      if (renew === 'true' && !row.from_new_login)
        return refuse('INVALID_TICKET', 'Ticket was not issued from a new login');
      return { ok: true, row, attributes: registered.attributes };
    });
    if (!outcome.ok) {
      await audit(c, db, tenantId, null, 'sso.cas.validate', 'failure', { service, reason: outcome.why });
      return fail(outcome.error, outcome.why);
    }
    const person = await loadSsoPerson(db, outcome.row.person_id, tenantId);
    if (!person) return fail('INVALID_TICKET', 'The account is disabled or no longer in this school');
    await audit(c, db, tenantId, person.personId, 'sso.cas.validate', 'success', { service });
    const user = person.schoolNumber ?? person.personId;
    const attributes = withAttributes
      ? attributesFor(person, outcome.attributes, outcome.row.from_new_login, outcome.row.created_at)
      : null;
    return json
      ? c.json(casSuccessJson(user, attributes), 200)
      : c.body(casSuccessXml(user, attributes), 200, XML);
  };
  app.openapi(serviceValidate, validate(false));
  app.openapi(p3ServiceValidate, validate(true));

  app.openapi(logout, async (c) => {
    const { service, url } = c.req.valid('query');
    const cookies = await deps.session.end(c.req.header('cookie'));
    for (const cookie of cookies) c.header('Set-Cookie', cookie, { append: true });
    const principal = c.get('principal');
    if (principal?.activeTenantId)
      await audit(c, db, principal.activeTenantId, principal.personId, 'sso.cas.logout', 'success', {});
    const target = service ?? url;
    if (target && (await serviceTenants(db, target)).length > 0) return c.redirect(target, 303);
    return c.html(
      page('已退出', '<h1>您已退出统一身份认证</h1><p><small>You have logged out.</small></p>'),
      200,
    );
  });
}

const XML = { 'Content-Type': 'application/xml; charset=utf-8' };

async function isFreshSession(db: Kysely<Database>, sessionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sessions')
    .select('created_at')
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row !== undefined && Date.now() - row.created_at.getTime() < 2 * 60 * 1000;
}

async function audit(
  c: Context<AppEnv>,
  db: Kysely<Database>,
  tenantId: string | null,
  actorPersonId: string | null,
  action: string,
  result: 'success' | 'failure' | 'denied',
  details: Record<string, unknown>,
): Promise<void> {
  const tenant = tenantId ?? (await platformTenant(db));
  if (!tenant) return;
  await appendAudit(db, {
    tenantId: tenant,
    actorPersonId,
    action,
    targetType: 'cas_service',
    targetId: null,
    result,
    ...auditContext(c),
    details,
  });
}
