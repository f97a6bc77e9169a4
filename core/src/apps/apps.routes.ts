import { ForbiddenError } from '@campusbase/plugin-sdk/errors';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { App } from '../app.ts';
import { requirePrincipal } from '../auth/principal.ts';
import { ErrorSchema } from '../http/openapi.ts';
import type { AppEnv } from '../http/types.ts';
import type { Installations } from './installations.service.ts';

const tags = ['Apps'];
const errors = {
  400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Invalid input' },
  401: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Not logged in' },
  403: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Not a school app admin' },
  404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'No such installation' },
};
const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const Settings = z.record(z.string(), z.unknown()).openapi('AppSettings');
const Installation = z
  .object({
    id: z.uuid(),
    appId: z.string().openapi({ example: 'cn.campusbase.notice-board' }),
    version: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    status: z.enum(['enabled', 'disabled', 'suspended', 'uninstalled']),
    approvedScopes: z.array(z.string()),
    settings: Settings,
    installedAt: z.string(),
    uninstalledAt: z.string().nullable(),
  })
  .openapi('AppInstallation');

/** The school admin acting in their school: who they are and where. */
function admin(c: Context<AppEnv>) {
  const principal = requirePrincipal(c);
  if (!principal.activeTenantId || !principal.can('apps:install')) {
    throw new ForbiddenError({
      zh: '只有学校的应用管理员可以管理应用',
      en: 'Only a school app admin may manage apps',
    });
  }
  return {
    tenantId: principal.activeTenantId,
    actor: { personId: principal.personId, requestId: c.get('requestId') },
  };
}

const list = createRoute({
  method: 'get',
  path: '/api/v1/apps/installations',
  tags,
  summary: "The school's installed apps",
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ items: z.array(Installation) }) } },
      description: 'Installations',
    },
    ...errors,
  },
});
const configure = createRoute({
  method: 'put',
  path: '/api/v1/apps/installations/{id}/settings',
  tags,
  summary: "Change an installation's settings (checked against the app's settings schema)",
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: z.object({ settings: Settings }) } } },
  },
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ settings: Settings }) } },
      description: 'Saved',
    },
    ...errors,
  },
});
const enable = createRoute({
  method: 'post',
  path: '/api/v1/apps/installations/{id}/{action}',
  tags,
  summary: 'Enable or disable an installation',
  request: {
    params: IdParam.extend({
      action: z.enum(['enable', 'disable']).openapi({ param: { name: 'action', in: 'path' } }),
    }),
  },
  responses: { 204: { description: 'Done' }, ...errors },
});
const uninstall = createRoute({
  method: 'delete',
  path: '/api/v1/apps/installations/{id}',
  tags,
  summary: 'Uninstall: data is kept for 30 days (exportable), then purged',
  request: { params: IdParam },
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ purgeAfter: z.string() }) } },
      description: 'Uninstalled',
    },
    ...errors,
  },
});
const exportData = createRoute({
  method: 'get',
  path: '/api/v1/apps/installations/{id}/export',
  tags,
  summary: "Export an installation's documents as JSON (also during the grace period)",
  request: { params: IdParam },
  responses: {
    200: {
      content: {
        'application/json': {
          schema: z.object({
            appId: z.string(),
            version: z.string(),
            exportedAt: z.string(),
            collections: z.record(z.string(), z.array(z.unknown())),
          }),
        },
      },
      description: 'Export',
    },
    ...errors,
  },
});

export function appsAdminRoutes(app: App, installations: Installations): void {
  app.openapi(list, async (c) => {
    const { tenantId } = admin(c);
    return c.json({ items: await installations.list(tenantId) }, 200);
  });
  // Installing is the marketplace's: POST /api/v1/marketplace/installs records the admin's consent
  // to the exact scopes (a bureau's deployment carries the bureau's). This answer is for old clients.
  app.post('/api/v1/apps/installations', (c) => {
    requirePrincipal(c);
    throw new ForbiddenError(
      {
        zh: '请在应用市场安装应用：安装前须阅读并同意应用申请的权限（POST /api/v1/marketplace/installs）',
        en: "Install apps through the marketplace (POST /api/v1/marketplace/installs), which records your consent to the app's scopes",
      },
      undefined,
      'install_through_marketplace',
    );
  });
  app.openapi(configure, async (c) => {
    const { tenantId, actor } = admin(c);
    const settings = await installations.configure(
      tenantId,
      c.req.valid('param').id,
      c.req.valid('json').settings,
      actor,
    );
    return c.json({ settings }, 200);
  });
  app.openapi(enable, async (c) => {
    const { tenantId, actor } = admin(c);
    const { id, action } = c.req.valid('param');
    await installations.setEnabled(tenantId, id, action === 'enable', actor);
    return c.body(null, 204);
  });
  app.openapi(uninstall, async (c) => {
    const { tenantId, actor } = admin(c);
    return c.json(await installations.uninstall(tenantId, c.req.valid('param').id, actor), 200);
  });
  app.openapi(exportData, async (c) => {
    const { tenantId, actor } = admin(c);
    c.header('Content-Disposition', `attachment; filename="app-export-${c.req.valid('param').id}.json"`);
    return c.json(await installations.export(tenantId, c.req.valid('param').id, actor), 200);
  });
}
