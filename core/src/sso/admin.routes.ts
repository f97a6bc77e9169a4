import { ConflictError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { appendAudit, auditContext } from '../audit/audit.service.ts';
import { requirePermission } from '../auth/principal.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ErrorSchema } from '../http/openapi.ts';
import type { AppEnv } from '../http/types.ts';
import { CAS_ATTRIBUTES, insertService, listServices, updateService } from './cas/cas.repository.ts';
import {
  getClient,
  insertClient,
  listClients,
  resetClientSecret,
  updateClient,
} from './oidc/clients.repository.ts';
import type { OidcHost } from './oidc/host.ts';
import { rotateSigningKeys } from './oidc/keys.ts';
import type { Sealer } from './sealed.ts';
import type { CasService, OidcClient } from './sso.table.ts';

const PRIVATE_HOST =
  /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)$/;

/**
 * Redirect and service URLs: https, or http only to loopback and private addresses (campus
 * intranet systems); no fragments (RFC 6749 §3.1.2), no credentials in the URL.
 */
export const SafeUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    const url = URL.parse(value);
    if (!url || url.hash || url.username || url.password) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && PRIVATE_HOST.test(url.hostname));
  }, 'must be an https URL (http only for intranet addresses), without #fragment')
  .openapi({ example: 'https://jw.fenglin.example.edu.cn/oidc/callback' });

const ClientSchema = z
  .object({
    clientId: z.string(),
    name: z.string(),
    confidential: z.boolean(),
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    scopes: z.array(z.string()),
    skipConsent: z.boolean(),
    status: z.enum(['active', 'disabled']),
    createdAt: z.string(),
  })
  .openapi('OidcClient');
const ClientWithSecret = ClientSchema.extend({
  clientSecret: z.string().nullable().openapi({ description: 'Shown once; store it in the system now' }),
}).openapi('OidcClientWithSecret');
const ClientInput = z.object({
  name: z.string().min(1).max(100).openapi({ example: '凤岭实验小学教务系统' }),
  redirectUris: z.array(SafeUrl).min(1).max(20),
  postLogoutRedirectUris: z.array(SafeUrl).max(20).default([]),
  confidential: z.boolean().default(true),
  skipConsent: z.boolean().default(false),
});
const ClientPatch = ClientInput.omit({ confidential: true })
  .partial()
  .extend({ status: z.enum(['active', 'disabled']).optional() });

const ServiceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    serviceUrl: z.string(),
    attributes: z.array(z.string()),
    status: z.enum(['active', 'disabled']),
    createdAt: z.string(),
  })
  .openapi('CasService');
const ServiceInput = z.object({
  name: z.string().min(1).max(100).openapi({ example: '凤岭实验小学图书馆系统' }),
  serviceUrl: SafeUrl,
  attributes: z.array(z.enum(CAS_ATTRIBUTES)).default(['name', 'tenant', 'roles', 'orgUnits']),
});
const ServicePatch = ServiceInput.partial().extend({ status: z.enum(['active', 'disabled']).optional() });

const toClient = (c: OidcClient) => ({
  clientId: c.client_id,
  name: c.name,
  confidential: c.secret_sealed !== null,
  redirectUris: c.redirect_uris,
  postLogoutRedirectUris: c.post_logout_redirect_uris,
  scopes: c.scopes,
  skipConsent: c.skip_consent,
  status: c.status,
  createdAt: c.created_at.toISOString(),
});
const toService = (s: CasService) => ({
  id: s.id,
  name: s.name,
  serviceUrl: s.service_url,
  attributes: s.attributes,
  status: s.status,
  createdAt: s.created_at.toISOString(),
});

const tags = ['SSO admin'];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const err = (description: string) => json(ErrorSchema, description);
const common = { 401: err('Not logged in'), 403: err('Needs settings:write in this school') };
const clientIdParam = z.object({
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .openapi({ param: { name: 'clientId', in: 'path' } }),
});
const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const routes = {
  listClients: createRoute({
    method: 'get',
    path: '/api/v1/sso/oidc/clients',
    tags,
    summary: 'The school’s OIDC clients',
    responses: { 200: json(z.object({ items: z.array(ClientSchema) }), 'Clients'), ...common },
  }),
  createClient: createRoute({
    method: 'post',
    path: '/api/v1/sso/oidc/clients',
    tags,
    summary: 'Register an OIDC client (a school system)',
    request: { body: { content: { 'application/json': { schema: ClientInput } } } },
    responses: {
      201: json(ClientWithSecret, 'Registered; the secret is shown once'),
      400: err('Invalid'),
      ...common,
    },
  }),
  updateClient: createRoute({
    method: 'patch',
    path: '/api/v1/sso/oidc/clients/{clientId}',
    tags,
    summary: 'Change a client’s name, redirect URIs, consent or status',
    request: { params: clientIdParam, body: { content: { 'application/json': { schema: ClientPatch } } } },
    responses: { 200: json(ClientSchema, 'Changed'), 404: err('No such client'), ...common },
  }),
  resetSecret: createRoute({
    method: 'post',
    path: '/api/v1/sso/oidc/clients/{clientId}/secret',
    tags,
    summary: 'Issue a new client secret (the old one stops working)',
    request: { params: clientIdParam },
    responses: {
      200: json(ClientWithSecret, 'New secret, shown once'),
      404: err('No such client'),
      ...common,
    },
  }),
  listServices: createRoute({
    method: 'get',
    path: '/api/v1/sso/cas/services',
    tags,
    summary: 'The school’s CAS service allow-list',
    responses: { 200: json(z.object({ items: z.array(ServiceSchema) }), 'Services'), ...common },
  }),
  createService: createRoute({
    method: 'post',
    path: '/api/v1/sso/cas/services',
    tags,
    summary: 'Allow a CAS service',
    request: { body: { content: { 'application/json': { schema: ServiceInput } } } },
    responses: { 201: json(ServiceSchema, 'Allowed'), 409: err('Already listed'), ...common },
  }),
  updateService: createRoute({
    method: 'patch',
    path: '/api/v1/sso/cas/services/{id}',
    tags,
    summary: 'Change or disable a CAS service',
    request: { params: idParam, body: { content: { 'application/json': { schema: ServicePatch } } } },
    responses: { 200: json(ServiceSchema, 'Changed'), 404: err('No such service'), ...common },
  }),
  rotateKeys: createRoute({
    method: 'post',
    path: '/api/v1/sso/oidc/keys/rotate',
    tags,
    summary: 'Rotate the OIDC signing key now (platform admins)',
    responses: { 200: json(z.object({ kid: z.string() }), 'The key that now signs'), ...common },
  }),
};

export interface SsoAdminDeps {
  db: Kysely<Database>;
  clientSealer: Sealer;
  keySealer: Sealer;
  host: OidcHost;
}

/** School admins register OIDC clients and CAS services; every change is audited in the same transaction. */
export function ssoAdminRoutes(app: OpenAPIHono<AppEnv>, deps: SsoAdminDeps): void {
  const { db } = deps;
  const audited = (
    c: Parameters<typeof auditContext>[0],
    tenantId: string,
    actor: string,
    action: string,
    targetType: string,
    targetId: string,
    details: Record<string, unknown>,
  ) => ({
    tenantId,
    actorPersonId: actor,
    action,
    targetType,
    targetId,
    result: 'success' as const,
    ...auditContext(c),
    details,
  });

  app.openapi(routes.listClients, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const items = await withTenant(db, me.activeTenantId, (trx) => listClients(trx, me.activeTenantId));
    return c.json({ items: items.map(toClient) }, 200);
  });

  app.openapi(routes.createClient, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const input = c.req.valid('json');
    const created = await withTenant(db, me.activeTenantId, async (trx) => {
      const result = await insertClient(trx, deps.clientSealer, me.activeTenantId, input, me.personId);
      await appendAudit(
        trx,
        audited(
          c,
          me.activeTenantId,
          me.personId,
          'sso.oidc.client.create',
          'oidc_client',
          result.client.client_id,
          { name: input.name, redirectUris: input.redirectUris },
        ),
      );
      return result;
    });
    return c.json({ ...toClient(created.client), clientSecret: created.secret }, 201);
  });

  app.openapi(routes.updateClient, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const { clientId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const updated = await withTenant(db, me.activeTenantId, async (trx) => {
      const row = await updateClient(trx, me.activeTenantId, clientId, patch);
      if (row)
        await appendAudit(
          trx,
          audited(
            c,
            me.activeTenantId,
            me.personId,
            'sso.oidc.client.update',
            'oidc_client',
            clientId,
            patch,
          ),
        );
      return row;
    });
    if (!updated)
      throw new NotFoundError({
        zh: `本校没有客户端 ${clientId}`,
        en: `No OIDC client ${clientId} in this school`,
      });
    return c.json(toClient(updated), 200);
  });

  app.openapi(routes.resetSecret, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const { clientId } = c.req.valid('param');
    const result = await withTenant(db, me.activeTenantId, async (trx) => {
      const secret = await resetClientSecret(trx, deps.clientSealer, me.activeTenantId, clientId);
      if (secret === null) return null;
      await appendAudit(
        trx,
        audited(
          c,
          me.activeTenantId,
          me.personId,
          'sso.oidc.client.secret_reset',
          'oidc_client',
          clientId,
          {},
        ),
      );
      return { secret, client: (await getClient(trx, me.activeTenantId, clientId))! };
    });
    if (!result)
      throw new NotFoundError({
        zh: `本校没有客户端 ${clientId}`,
        en: `No OIDC client ${clientId} in this school`,
      });
    return c.json({ ...toClient(result.client), clientSecret: result.secret }, 200);
  });

  app.openapi(routes.listServices, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const items = await withTenant(db, me.activeTenantId, (trx) => listServices(trx, me.activeTenantId));
    return c.json({ items: items.map(toService) }, 200);
  });

  app.openapi(routes.createService, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const input = c.req.valid('json');
    const row = await withTenant(db, me.activeTenantId, async (trx) => {
      const inserted = await insertService(trx, me.activeTenantId, input, me.personId);
      if (inserted)
        await appendAudit(
          trx,
          audited(
            c,
            me.activeTenantId,
            me.personId,
            'sso.cas.service.create',
            'cas_service',
            inserted.id,
            input,
          ),
        );
      return inserted;
    });
    if (!row)
      throw new ConflictError({
        zh: `该地址已在本校名单中：${input.serviceUrl}`,
        en: `${input.serviceUrl} is already listed in this school`,
      });
    return c.json(toService(row), 201);
  });

  app.openapi(routes.updateService, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const row = await withTenant(db, me.activeTenantId, async (trx) => {
      const updated = await updateService(trx, me.activeTenantId, id, patch);
      if (updated)
        await appendAudit(
          trx,
          audited(c, me.activeTenantId, me.personId, 'sso.cas.service.update', 'cas_service', id, patch),
        );
      return updated;
    });
    if (!row)
      throw new NotFoundError({ zh: '本校没有该 CAS 服务', en: `No CAS service ${id} in this school` });
    return c.json(toService(row), 200);
  });

  app.openapi(routes.rotateKeys, async (c) => {
    const me = await requirePermission(c, 'platform:tenants:write');
    const kid = await rotateSigningKeys(db, deps.keySealer);
    await deps.host.refresh();
    await appendAudit(
      db,
      audited(c, me.activeTenantId, me.personId, 'sso.oidc.keys.rotate', 'oidc_key', kid, {}),
    );
    return c.json({ kid }, 200);
  });
}
