import { ConflictError, ForbiddenError, InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { errors, json, OkSchema } from '../auth/auth.schemas.ts';
import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/principal.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import { bumpAuthzVersion } from '../identity/persons.repository.ts';
import { assertCan, auditedChange } from '../org/admin-action.ts';
import { findUnit } from '../org/org.repository.ts';
import { memberOf } from '../org/people.repository.ts';
import { BUILT_IN_ROLES, builtInRole, isPermission, PERMISSIONS } from './permissions.ts';

const tags = ['Roles'];

const RoleSchema = z
  .object({ key: z.string(), name: z.string(), builtIn: z.boolean(), permissions: z.array(z.string()) })
  .openapi('Role');
const GrantSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    role: z.string(),
    orgUnitId: z.uuid().nullable(),
    grantedBy: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .openapi('RoleGrant');

const listRoles = createRoute({
  method: 'get',
  path: '/api/v1/roles',
  tags,
  summary: 'Built-in roles and the school’s own roles, with their permissions',
  responses: {
    200: json(z.object({ roles: z.array(RoleSchema), permissions: z.array(z.string()) }), 'Roles'),
    ...errors(401, 403),
  },
});

const putCustomRole = createRoute({
  method: 'put',
  path: '/api/v1/roles/custom/{slug}',
  tags,
  summary: 'Create or change a school role; you can only bundle permissions you hold school-wide',
  request: {
    params: z.object({
      slug: z
        .string()
        .regex(/^[a-z0-9_-]{1,48}$/)
        .openapi({ param: { name: 'slug', in: 'path' }, example: 'moral_education' }),
    }),
    body: {
      content: {
        'application/json': {
          schema: z.object({
            name: z.string().trim().min(1).max(100),
            permissions: z.array(z.string()).max(50),
          }),
        },
      },
    },
  },
  responses: { 200: json(RoleSchema, 'Saved'), ...errors(400, 401, 403) },
});

const listGrants = createRoute({
  method: 'get',
  path: '/api/v1/role-grants',
  tags,
  summary: 'Role grants in the active school',
  request: { query: z.object({ personId: z.uuid().optional() }) },
  responses: { 200: json(z.object({ grants: z.array(GrantSchema) }), 'Grants'), ...errors(401, 403) },
});

const grant = createRoute({
  method: 'post',
  path: '/api/v1/role-grants',
  tags,
  summary: 'Grant a role over an org subtree; you must hold every permission of the role there',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            personId: z.uuid(),
            role: z.string().max(60),
            orgUnitId: z.uuid().nullable().default(null),
          }),
        },
      },
    },
  },
  responses: { 201: json(GrantSchema, 'Granted'), ...errors(400, 401, 403, 404, 409) },
});

const revoke = createRoute({
  method: 'delete',
  path: '/api/v1/role-grants/{grantId}',
  tags,
  summary: 'Revoke a grant (kept for history)',
  request: { params: z.object({ grantId: z.uuid().openapi({ param: { name: 'grantId', in: 'path' } }) }) },
  responses: { 200: json(OkSchema, 'Revoked'), ...errors(401, 403, 404) },
});

/**
 * No one grants what they do not hold: the granter needs roles:grant and every permission of the
 * role over the target subtree. Roles reserved to other tenant kinds are refused.
 */
export function assertMayGrant(
  me: Principal,
  permissions: ReadonlyArray<string>,
  unitPath: string | null,
): void {
  assertCan(me, 'roles:grant', unitPath);
  const missing = permissions.filter((p) => !me.can(p, unitPath));
  if (missing.length > 0) {
    throw new ForbiddenError(
      {
        zh: `不能授予自己未拥有的权限：${missing.join('、')}`,
        en: `You cannot grant permissions you do not hold: ${missing.join(', ')}`,
      },
      { missing },
      'grant_exceeds_own',
    );
  }
}

export function rolesRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoles, async (c) => {
    const me = await requirePermission(c, 'org:read');
    const custom = await withTenant(c.get('identity').db, me.activeTenantId, (trx) =>
      trx
        .selectFrom('custom_roles')
        .selectAll()
        .where('tenant_id', '=', me.activeTenantId)
        .where('archived_at', 'is', null)
        .execute(),
    );
    const locale = c.get('locale');
    return c.json(
      {
        roles: [
          ...BUILT_IN_ROLES.filter((r) => me.tenantKind && r.tenantKinds.includes(me.tenantKind)).map(
            (r) => ({
              key: r.key,
              name: locale === 'en' ? r.name.en : r.name.zh,
              builtIn: true,
              permissions: [...r.permissions],
            }),
          ),
          ...custom.map((r) => ({ key: r.key, name: r.name, builtIn: false, permissions: r.permissions })),
        ],
        permissions: [...PERMISSIONS],
      },
      200,
    );
  });

  app.openapi(putCustomRole, async (c) => {
    const { slug } = c.req.valid('param');
    const body = c.req.valid('json');
    const unknown = body.permissions.filter((p) => !isPermission(p));
    if (unknown.length > 0)
      throw new InputError(
        { zh: `未知权限：${unknown.join('、')}`, en: `Unknown permissions: ${unknown.join(', ')}` },
        { unknown },
      );
    const key = `custom:${slug}`;
    const saved = await auditedChange(c, 'roles.custom.save', async (trx, me) => {
      assertCan(me, 'roles:manage', null);
      assertMayGrant(me, body.permissions, null);
      const permissions = [...new Set(body.permissions)].sort();
      await trx
        .insertInto('custom_roles')
        .values({ tenant_id: me.activeTenantId, key, name: body.name, permissions, archived_at: null })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'key'])
            .doUpdateSet({ name: body.name, permissions, updated_at: new Date() }),
        )
        .execute();
      const holders = await trx
        .selectFrom('role_grants')
        .select('person_id')
        .where('tenant_id', '=', me.activeTenantId)
        .where('role_key', '=', key)
        .execute();
      await bumpAuthzVersion(
        trx,
        holders.map((h) => h.person_id),
      );
      return {
        value: { key, name: body.name, builtIn: false, permissions },
        targetType: 'role',
        targetId: key,
        details: { permissions },
      };
    });
    return c.json(saved, 200);
  });

  app.openapi(listGrants, async (c) => {
    const me = await requirePermission(c, 'roles:grant');
    const { personId } = c.req.valid('query');
    const rows = await withTenant(c.get('identity').db, me.activeTenantId, (trx) => {
      let q = trx
        .selectFrom('role_grants')
        .selectAll()
        .where('tenant_id', '=', me.activeTenantId)
        .where('revoked_at', 'is', null);
      if (personId) q = q.where('person_id', '=', personId);
      return q.orderBy('created_at').limit(1000).execute();
    });
    return c.json(
      {
        grants: rows.map((g) => ({
          id: g.id,
          personId: g.person_id,
          role: g.role_key,
          orgUnitId: g.org_unit_id,
          grantedBy: g.granted_by,
          createdAt: g.created_at.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(grant, async (c) => {
    const body = c.req.valid('json');
    const row = await auditedChange(c, 'roles.grant', async (trx, me) => {
      const unit = body.orgUnitId ? await findUnit(trx, me.activeTenantId, body.orgUnitId) : null;
      let permissions: ReadonlyArray<string>;
      if (body.role.startsWith('custom:')) {
        const custom = await trx
          .selectFrom('custom_roles')
          .select('permissions')
          .where('tenant_id', '=', me.activeTenantId)
          .where('key', '=', body.role)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (!custom)
          throw new NotFoundError({ zh: '该角色不存在', en: `No role ${body.role} in this school` });
        permissions = custom.permissions;
      } else {
        const role = builtInRole(body.role);
        if (!role || !me.tenantKind || !role.tenantKinds.includes(me.tenantKind)) {
          throw new InputError(
            { zh: `此处不能授予角色 ${body.role}`, en: `Role ${body.role} cannot be granted here` },
            { role: body.role },
          );
        }
        permissions = role.permissions;
      }
      assertMayGrant(me, permissions, unit?.path ?? null);
      await memberOf(trx, me.activeTenantId, body.personId).catch(async (error) => {
        // Bureaus and the platform grant to staff who may have no membership there yet.
        if (me.tenantKind === 'school') throw error;
      });
      const inserted = await trx
        .insertInto('role_grants')
        .values({
          tenant_id: me.activeTenantId,
          person_id: body.personId,
          role_key: body.role,
          org_unit_id: body.orgUnitId,
          granted_by: me.personId,
          revoked_at: null,
          revoked_by: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch((error: { code?: string }) => {
          if (error.code === '23505')
            throw new ConflictError({
              zh: '此人已拥有该角色',
              en: 'The person already holds this role there',
            });
          throw error;
        });
      await bumpAuthzVersion(trx, [body.personId]);
      return {
        value: inserted,
        targetType: 'person',
        targetId: body.personId,
        details: { role: body.role, orgUnitId: body.orgUnitId, grantId: inserted.id },
      };
    });
    return c.json(
      {
        id: row.id,
        personId: row.person_id,
        role: row.role_key,
        orgUnitId: row.org_unit_id,
        grantedBy: row.granted_by,
        createdAt: row.created_at.toISOString(),
      },
      201,
    );
  });

  app.openapi(revoke, async (c) => {
    const { grantId } = c.req.valid('param');
    await auditedChange(c, 'roles.revoke', async (trx, me) => {
      const row = await trx
        .selectFrom('role_grants')
        .selectAll()
        .where('tenant_id', '=', me.activeTenantId)
        .where('id', '=', grantId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) throw new NotFoundError({ zh: '没有这条授权', en: `No active grant ${grantId}` });
      const unit = row.org_unit_id ? await findUnit(trx, me.activeTenantId, row.org_unit_id) : null;
      assertCan(me, 'roles:grant', unit?.path ?? null);
      await trx
        .updateTable('role_grants')
        .set({ revoked_at: new Date(), revoked_by: me.personId })
        .where('tenant_id', '=', me.activeTenantId)
        .where('id', '=', grantId)
        .execute();
      await bumpAuthzVersion(trx, [row.person_id]);
      return {
        value: null,
        targetType: 'person',
        targetId: row.person_id,
        details: { role: row.role_key, grantId },
      };
    });
    return c.json({ ok: true as const }, 200);
  });
}
