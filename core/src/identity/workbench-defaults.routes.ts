import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { appendAudit, auditContext } from '../audit/audit.service.ts';
import { errors, json } from '../auth/auth.schemas.ts';
import { requirePermission, requireTenant } from '../auth/principal.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import { getTenantSetting, putTenantSetting } from '../tenancy/tenancy.repository.ts';

/** The `tenant_settings` key holding the school's default workbench layout per role. */
export const WORKBENCH_DEFAULTS_KEY = 'workbench.defaults';

/**
 * When a person holds several roles, the first of these with a default wins (the most
 * administrative first); roles not listed (custom roles) come after, in the order held.
 */
export const ROLE_PRECEDENCE = [
  'school_admin',
  'it_admin',
  'head_teacher',
  'teacher',
  'staff',
  'student',
  'parent',
];

const WidgetId = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);
const RoleKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/)
  .openapi({ example: 'teacher' });
/** Quick links: https addresses or pages of the portal (never `javascript:` or `//host`). */
const LinkUrl = z
  .string()
  .max(500)
  .refine(
    (url) => (url.startsWith('/') && !url.startsWith('//')) || /^https:\/\/[^\s]+$/i.test(url),
    'must be an https:// address or a portal path starting with /',
  );

export const WorkbenchLayoutSchema = z
  .object({
    order: z.array(WidgetId).max(32),
    hidden: z.array(WidgetId).max(32),
    links: z
      .array(z.object({ title: z.string().min(1).max(40), url: LinkUrl }).strict())
      .max(24)
      .default([]),
  })
  .strict()
  .openapi('WorkbenchLayout');
export type WorkbenchLayoutValue = z.infer<typeof WorkbenchLayoutSchema>;

const DefaultsSchema = z
  .object({
    defaults: z.record(RoleKey, WorkbenchLayoutSchema).refine((d) => Object.keys(d).length <= 32, {
      message: 'at most 32 roles',
    }),
  })
  .strict()
  .openapi('WorkbenchDefaults');

const MyDefaultSchema = z
  .object({
    role: z.string().nullable().openapi({ description: 'The role whose default applies; null if none' }),
    layout: WorkbenchLayoutSchema.nullable(),
  })
  .openapi('MyWorkbenchDefault');

const tags = ['Workbench'];
const routes = {
  mine: createRoute({
    method: 'get',
    path: '/api/v1/workbench/default',
    tags,
    summary: 'The school’s default workbench layout for my roles in the active school',
    responses: { 200: json(MyDefaultSchema, 'The default, or nulls'), ...errors(401, 403) },
  }),
  list: createRoute({
    method: 'get',
    path: '/api/v1/workbench/defaults',
    tags,
    summary: 'The school’s default workbench layout per role (school admins)',
    responses: { 200: json(DefaultsSchema, 'Defaults per role'), ...errors(401, 403) },
  }),
  put: createRoute({
    method: 'put',
    path: '/api/v1/workbench/defaults',
    tags,
    summary: 'Set the default workbench layout per role (replaces all; omit a role to remove it)',
    request: { body: { content: { 'application/json': { schema: DefaultsSchema } } } },
    responses: { 200: json(DefaultsSchema, 'Saved'), ...errors(400, 401, 403) },
  }),
};

type Defaults = Record<string, WorkbenchLayoutValue>;

/** What is stored is re-checked on read: a bad row yields no default rather than a broken portal. */
function parseStored(value: unknown): Defaults {
  const parsed = DefaultsSchema.shape.defaults.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** The role whose default applies to someone holding `roles`, or null. */
export function pickRole(roles: readonly string[], defaults: Defaults): string | null {
  const held = [...new Set(roles)];
  const ordered = [
    ...ROLE_PRECEDENCE.filter((r) => held.includes(r)),
    ...held.filter((r) => !ROLE_PRECEDENCE.includes(r)),
  ];
  return ordered.find((r) => Object.hasOwn(defaults, r)) ?? null;
}

/**
 * The school admin's default workbench layout per role, kept in `tenant_settings`
 * (`workbench.defaults`) of the active school only; the portal starts from it when a person has no
 * layout of their own.
 */
export function workbenchDefaultsRoutes(app: OpenAPIHono<AppEnv>): void {
  const read = (db: Kysely<Database>, tenantId: string) =>
    withTenant(db, tenantId, async (trx) =>
      parseStored(await getTenantSetting<unknown>(trx, tenantId, WORKBENCH_DEFAULTS_KEY)),
    );

  app.openapi(routes.mine, async (c) => {
    const me = requireTenant(c);
    const defaults = await read(c.get('identity').db, me.activeTenantId);
    const role = pickRole(
      me.roles.map((r) => r.role),
      defaults,
    );
    return c.json({ role, layout: role ? (defaults[role] ?? null) : null }, 200);
  });

  app.openapi(routes.list, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    return c.json({ defaults: await read(c.get('identity').db, me.activeTenantId) }, 200);
  });

  app.openapi(routes.put, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const { defaults } = c.req.valid('json');
    await withTenant(c.get('identity').db, me.activeTenantId, async (trx) => {
      await putTenantSetting(trx, me.activeTenantId, WORKBENCH_DEFAULTS_KEY, defaults);
      await appendAudit(trx, {
        tenantId: me.activeTenantId,
        actorPersonId: me.personId,
        action: 'workbench.defaults.update',
        targetType: 'tenant_setting',
        targetId: WORKBENCH_DEFAULTS_KEY,
        result: 'success',
        ...auditContext(c),
        details: { roles: Object.keys(defaults) },
      });
    });
    return c.json({ defaults }, 200);
  });
}
