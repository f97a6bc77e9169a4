import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { errors, json } from '../auth/auth.schemas.ts';
import { requirePermission } from '../auth/principal.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import { listSubtree } from '../tenancy/tenancy.repository.ts';

const SchoolAdoption = z
  .object({
    tenantId: z.uuid(),
    code: z.string(),
    name: z.string(),
    appsEnabled: z.number().int().openapi({ description: 'Installations with status enabled' }),
    devicesTotal: z.number().int().openapi({ description: 'Registered devices that are not disabled' }),
    devicesOnline: z.number().int(),
    devicesOffline: z.number().int(),
    alarmsActive: z.number().int().openapi({ description: 'Device alarms not yet cleared' }),
  })
  .openapi('BureauSchoolAdoption');

const adoption = createRoute({
  method: 'get',
  path: '/api/v1/bureau/adoption',
  tags: ['Bureau'],
  summary: 'App adoption and device health per school below the bureau: counts only, no personal data',
  responses: {
    200: json(z.object({ schools: z.array(SchoolAdoption) }), 'Per school'),
    ...errors(401, 403),
  },
});

/**
 * `GET /api/v1/bureau/adoption`: for each active school below the active bureau, how many apps are
 * enabled and how many devices are online/offline, read in one `withTenant` per school on the app
 * role (as `/bureau/aggregates` does), so RLS still bounds each read to that school.
 */
export function bureauAdoptionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(adoption, async (c) => {
    const me = await requirePermission(c, 'bureau:aggregates:read');
    const db = c.get('identity').db;
    const schools = (await listSubtree(db, { path: me.tenantPath ?? '/none/' })).filter(
      (t) => t.kind === 'school' && t.status === 'active',
    );
    const result: Array<z.infer<typeof SchoolAdoption>> = [];
    for (const school of schools) {
      const counts = await withTenant(db, school.id, async (trx) => {
        const apps = await trx
          .selectFrom('app_installations')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('tenant_id', '=', school.id)
          .where('status', '=', 'enabled')
          .executeTakeFirstOrThrow();
        const devices = await trx
          .selectFrom('iot_devices')
          .select(['online', (eb) => eb.fn.countAll<string>().as('n')])
          .where('tenant_id', '=', school.id)
          .where('status', '=', 'active')
          .groupBy('online')
          .execute();
        const alarms = await trx
          .selectFrom('iot_alarms')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('tenant_id', '=', school.id)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        const online = Number(devices.find((d) => d.online)?.n ?? 0);
        const offline = Number(devices.find((d) => !d.online)?.n ?? 0);
        return {
          appsEnabled: Number(apps.n),
          devicesTotal: online + offline,
          devicesOnline: online,
          devicesOffline: offline,
          alarmsActive: Number(alarms.n),
        };
      });
      result.push({ tenantId: school.id, code: school.code, name: school.name, ...counts });
    }
    return c.json({ schools: result }, 200);
  });
}
