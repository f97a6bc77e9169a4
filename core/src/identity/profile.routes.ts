import { InputError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { appendAudit } from '../audit/audit.service.ts';
import { errors, json } from '../auth/auth.schemas.ts';
import { requirePrincipal } from '../auth/principal.ts';
import { clientIp } from '../auth/session.service.ts';
import type { AppEnv } from '../http/types.ts';
import { bumpAuthzVersion } from './persons.repository.ts';

const updateProfile = createRoute({
  method: 'patch',
  path: '/api/v1/me/profile',
  tags: ['Me'],
  summary: 'Change my display name or language',
  description:
    'Sign-in details (phone, email, username, national ID) are not changed here: a school admin corrects ' +
    'them for people who belong to that school alone.',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              displayName: z.string().trim().min(1).max(100).optional().openapi({ example: '陈静' }),
              locale: z.enum(['zh-CN', 'en']).optional(),
            })
            .openapi('ProfileEdit'),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({ displayName: z.string(), locale: z.enum(['zh-CN', 'en']) }).openapi('ProfileSaved'),
      'Saved',
    ),
    ...errors(400, 401),
  },
});

export function profileRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(updateProfile, async (c) => {
    const me = requirePrincipal(c);
    const body = c.req.valid('json');
    if (body.displayName === undefined && body.locale === undefined)
      throw new InputError({ zh: '没有要修改的内容', en: 'Nothing to change: send displayName or locale' });
    const db = c.get('identity').db;
    const saved = await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('persons')
        .set({
          ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
          ...(body.locale !== undefined ? { locale: body.locale } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', me.personId)
        .returning(['display_name', 'locale'])
        .executeTakeFirstOrThrow();
      // /me is cached per (person, version): a new version shows the change at once.
      await bumpAuthzVersion(trx, [me.personId]);
      return row;
    });
    await c.get('identity').settle();
    if (me.activeTenantId) {
      await appendAudit(db, {
        tenantId: me.activeTenantId,
        actorPersonId: me.personId,
        action: 'people.profile.update',
        targetType: 'person',
        targetId: me.personId,
        result: 'success',
        ip: clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
        details: { fields: Object.keys(body) },
      });
    }
    return c.json({ displayName: saved.display_name, locale: saved.locale }, 200);
  });
}
