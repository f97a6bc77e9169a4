import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely, Transaction } from 'kysely';
import type { App } from '../app.ts';
import { requirePrincipal } from '../auth/principal.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ErrorSchema } from '../http/openapi.ts';
import type { RuntimeManifest } from './manifest.ts';

const Text = z.object({ zh: z.string(), en: z.string() });
const Menu = z.object({
  title: Text,
  icon: z.string().nullable(),
  order: z.number(),
  audience: z.enum(['user', 'admin']),
});
const Page = z.object({
  id: z.string().openapi({ example: 'board' }),
  entry: z.string().openapi({ example: 'board.html' }),
  title: Text,
  menu: Menu.nullable(),
});
const LauncherApp = z
  .object({
    installationId: z.uuid(),
    appId: z.string().openapi({ example: 'cn.campusbase.attendance' }),
    version: z.string(),
    name: Text,
    icon: z.string().nullable().openapi({ description: "The first menu entry's icon name, if any" }),
    approvedScopes: z.array(z.string()),
    pages: z.array(Page),
  })
  .openapi('LauncherApp');
const Launcher = z
  .object({
    appOrigin: z.string().openapi({
      example: 'http://localhost:3001',
      description: 'Base URL of the app UI origin; pages are at `{appOrigin}/{installationId}/{entry}`',
    }),
    items: z.array(LauncherApp),
  })
  .openapi('AppLauncher');

export type LauncherItem = z.infer<typeof LauncherApp>;

const route = createRoute({
  method: 'get',
  path: '/api/v1/apps/launcher',
  tags: ['Apps'],
  summary: "The active school's enabled apps with their pages and menu entries, for the portal",
  responses: {
    200: { content: { 'application/json': { schema: Launcher } }, description: 'Launchable apps' },
    401: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Not logged in' },
  },
});

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Enabled installations of a school whose version is not suspended, with their manifests' UI.
 * Admin-audience menu entries are left out for people who may not manage apps (the app's
 * `admin` routes refuse them anyway).
 */
export async function listLaunchable(trx: Db, tenantId: string, isAdmin: boolean): Promise<LauncherItem[]> {
  const rows = await trx
    .selectFrom('app_installations as i')
    .innerJoin('app_versions as v', 'v.id', 'i.version_id')
    .innerJoin('apps as a', 'a.id', 'i.app_id')
    .select(['i.id', 'i.app_id', 'v.version', 'v.manifest', 'a.name', 'i.approved_scopes'])
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', '=', 'enabled')
    .where('v.status', '=', 'active')
    .orderBy('i.installed_at', 'asc')
    .execute();
  return rows.map((row) => {
    const manifest = row.manifest as RuntimeManifest;
    const pages = (manifest.ui?.pages ?? []).map((page) => {
      const menu = page.menu;
      const audience = menu?.audience ?? 'user';
      return {
        id: page.id,
        entry: page.entry,
        title: { zh: page.title.zh, en: page.title.en },
        menu:
          menu && (audience === 'user' || isAdmin)
            ? {
                title: { zh: menu.title.zh, en: menu.title.en },
                icon: menu.icon ?? null,
                order: menu.order ?? 100,
                audience,
              }
            : null,
      };
    });
    return {
      installationId: row.id,
      appId: row.app_id,
      version: row.version,
      name: row.name,
      icon: pages.find((p) => p.menu?.icon)?.menu?.icon ?? null,
      approvedScopes: row.approved_scopes,
      pages,
    };
  });
}

/**
 * The app UI origin as the browser must address it: a configured public origin when there is one,
 * else the host name the request came to, on the UI origin's own port.
 */
export function appOriginFor(requestUrl: string, ui: { port: number; publicOrigin?: string }): string {
  if (ui.publicOrigin) return new URL(ui.publicOrigin).origin;
  const url = new URL(requestUrl);
  return `${url.protocol}//${url.hostname}:${ui.port}`;
}

/**
 * `GET /api/v1/apps/launcher`: any logged-in member of the active school; tenant-scoped on the
 * app role. Someone without an active school gets an empty list.
 */
export function launcherRoutes(app: App, db: Kysely<Database>, ui: { port: number; publicOrigin?: string }) {
  app.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const tenantId = principal.activeTenantId;
    const items = tenantId
      ? await withTenant(db, tenantId, (trx) => listLaunchable(trx, tenantId, principal.can('apps:install')))
      : [];
    return c.json({ appOrigin: appOriginFor(c.req.url, ui), items }, 200);
  });
}
