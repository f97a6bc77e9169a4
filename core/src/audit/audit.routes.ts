import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { errors, json } from '../auth/auth.schemas.ts';
import { requirePermission } from '../auth/principal.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import { queryAudit, verifyAuditChain } from './audit.repository.ts';

const tags = ['Audit'];

const EntrySchema = z
  .object({
    seq: z.number(),
    at: z.string(),
    actorPersonId: z.uuid().nullable(),
    action: z.string().openapi({ example: 'roles.grant' }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    result: z.enum(['success', 'failure', 'denied']),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const query = createRoute({
  method: 'get',
  path: '/api/v1/audit',
  tags,
  summary: 'The active tenant’s audit log, newest first, with filters',
  request: {
    query: z.object({
      actorPersonId: z.uuid().optional(),
      action: z
        .string()
        .max(80)
        .optional()
        .openapi({ description: 'A prefix: auth. finds every login event' }),
      targetId: z.string().max(100).optional(),
      result: z.enum(['success', 'failure', 'denied']).optional(),
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
      beforeSeq: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: { 200: json(z.object({ entries: z.array(EntrySchema) }), 'Entries'), ...errors(400, 401, 403) },
});

const verify = createRoute({
  method: 'get',
  path: '/api/v1/audit/verify',
  tags,
  summary: 'Recompute the hash chain and report the first entry that was changed or removed',
  responses: {
    200: json(
      z.object({
        ok: z.boolean(),
        checked: z.number(),
        firstSeq: z.number().nullable(),
        lastSeq: z.number().nullable(),
        brokenAt: z.object({ seq: z.number(), reason: z.enum(['hash', 'link', 'gap']) }).nullable(),
      }),
      'Verification',
    ),
    ...errors(401, 403),
  },
});

export function auditRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(query, async (c) => {
    const me = await requirePermission(c, 'audit:read');
    const q = c.req.valid('query');
    const rows = await withTenant(c.get('identity').db, me.activeTenantId, (trx) =>
      queryAudit(trx, me.activeTenantId, {
        ...q,
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
      } as Parameters<typeof queryAudit>[2]),
    );
    return c.json(
      {
        entries: rows.map((r) => ({
          seq: r.seq,
          at: r.at.toISOString(),
          actorPersonId: r.actor_person_id,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          result: r.result,
          ip: r.ip,
          userAgent: r.user_agent,
          details: r.details,
          hash: r.hash,
        })),
      },
      200,
    );
  });

  app.openapi(verify, async (c) => {
    const me = await requirePermission(c, 'audit:read');
    const result = await withTenant(c.get('identity').db, me.activeTenantId, (trx) =>
      verifyAuditChain(trx, me.activeTenantId),
    );
    return c.json(result, 200);
  });
}
