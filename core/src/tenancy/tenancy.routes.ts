import { NotFoundError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ErrorSchema } from '../http/openapi.ts';
import type { AppEnv } from '../http/types.ts';
import { findTenantByCode, getTenantSetting } from './tenancy.repository.ts';

export const BrandingSchema = z
  .object({
    displayName: z.string().optional(),
    logoUrl: z.string().optional(),
    themeColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
    loginBackgroundUrl: z.string().optional(),
    motto: z.string().optional(),
  })
  .openapi('Branding');

const PublicTenantSchema = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: '2145010301' }),
    name: z.string().openapi({ example: '南宁市青秀区凤岭实验小学' }),
    kind: z.enum(['platform', 'province', 'city', 'county', 'school']),
    branding: BrandingSchema,
  })
  .openapi('PublicTenant');

const getPublicTenant = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{code}/public',
  tags: ['Tenancy'],
  summary: 'Public facts about a school or bureau, for its login page (千校千面)',
  request: {
    params: z.object({
      code: z
        .string()
        .regex(/^[0-9A-Za-z-]{1,32}$/)
        .openapi({ param: { name: 'code', in: 'path' }, example: '2145010301' }),
    }),
  },
  responses: {
    200: { content: { 'application/json': { schema: PublicTenantSchema } }, description: 'The tenant' },
    404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'No such tenant' },
  },
});

export function tenancyRoutes(app: OpenAPIHono<AppEnv>, db: Kysely<Database>): void {
  app.openapi(getPublicTenant, async (c) => {
    const { code } = c.req.valid('param');
    const tenant = await findTenantByCode(db, code);
    if (tenant?.status !== 'active') {
      throw new NotFoundError({
        zh: `没有代码为 ${code} 的学校或单位`,
        en: `No school or bureau has the code ${code}`,
      });
    }
    const branding =
      (await withTenant(db, tenant.id, (trx) =>
        getTenantSetting<z.infer<typeof BrandingSchema>>(trx, tenant.id, 'branding'),
      )) ?? {};
    return c.json({ id: tenant.id, code: tenant.code, name: tenant.name, kind: tenant.kind, branding }, 200);
  });
}
