import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { Marketplace } from '../marketplace.ts';
import { body, ok, AppIdParam, type CallerOf, errorResponses, IdParam, tags } from './common.ts';

const Affected = z.object({ affectedInstallations: z.number().int() });
const Flag = z.object({ on: z.boolean().default(true), reason: z.string().min(2).max(500) });

/** Reviewer routes: the queue, decisions, the auto-approval policy, suspension and delisting. */
export function reviewRoutes<E extends Env>(
  router: OpenAPIHono<E>,
  market: Marketplace,
  caller: CallerOf,
): void {
  const base = '/api/v1/marketplace/review';
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/queue`,
      tags,
      summary: 'Versions waiting for review, with their check reports',
      responses: { 200: ok(z.object({ items: z.array(z.unknown()) }), 'Queue'), ...errorResponses },
    }),
    async (c) => c.json({ items: await market.review.queue(caller(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/versions/{id}/decision`,
      tags,
      summary: 'Approve or reject a version, with a comment for the vendor',
      request: {
        params: IdParam,
        ...body(z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().min(1).max(2000) })),
      },
      responses: { 204: { description: 'Decided' }, ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      await market.review.decide(caller(c), c.req.valid('param').id, input.decision, input.comment);
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: `${base}/policy`,
      tags,
      summary: 'Auto-approve later versions whose scopes did not grow and whose checks all pass',
      request: body(z.object({ autoApproveUpdates: z.boolean() })),
      responses: { 204: { description: 'Saved' }, ...errorResponses },
    }),
    async (c) => {
      await market.review.setAutoApprove(caller(c), c.req.valid('json').autoApproveUpdates);
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/versions/{id}/suspension`,
      tags,
      summary: 'Suspend (on: true) or unsuspend a version: its installations stop or resume at once',
      request: { params: IdParam, ...body(Flag) },
      responses: { 200: ok(Affected, 'Done'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      return c.json(
        await market.supervision.suspendVersion(caller(c), c.req.valid('param').id, input.on, input.reason),
        200,
      );
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/apps/{appId}/suspension`,
      tags,
      summary: 'Suspend (on: true) or unsuspend a whole app everywhere',
      request: { params: AppIdParam, ...body(Flag) },
      responses: { 200: ok(Affected, 'Done'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      return c.json(
        await market.supervision.suspendApp(caller(c), c.req.valid('param').appId, input.on, input.reason),
        200,
      );
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/apps/{appId}/delisting`,
      tags,
      summary: 'Delist (on: true) or relist an app; installed copies keep working',
      request: { params: AppIdParam, ...body(Flag) },
      responses: { 204: { description: 'Done' }, ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      await market.supervision.delist(caller(c), c.req.valid('param').appId, input.on, input.reason);
      return c.body(null, 204);
    },
  );
}
