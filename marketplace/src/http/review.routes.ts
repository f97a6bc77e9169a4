import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { Marketplace } from '../marketplace.ts';
import { body, ok, AppIdParam, type CallerOf, errorResponses, IdParam, tags } from './common.ts';

const Affected = z.object({ affectedInstallations: z.number().int() });
const Text = z.object({ zh: z.string(), en: z.string() });
const Policy = z
  .object({ autoApproveUpdates: z.boolean(), updatedAt: z.string().nullable() })
  .openapi('MarketReviewPolicy');
const AppRecord = z
  .object({
    appId: z.string(),
    name: Text,
    vendor: z.string(),
    status: z.enum(['draft', 'listed', 'delisted']),
    suspended: z.boolean(),
    versions: z.number().int(),
    pending: z.number().int(),
    suspendedVersions: z.number().int(),
  })
  .openapi('MarketAppRecord');
const VersionRecord = z
  .object({
    id: z.uuid(),
    version: z.string(),
    state: z.enum(['pending', 'approved', 'rejected', 'suspended', 'failed']),
    status: z.enum(['failed', 'pending_review', 'approved', 'rejected']),
    suspended: z.boolean(),
    risk: z.enum(['low', 'medium', 'high']),
    scopes: z.array(z.string()),
    changelog: z.string(),
    submittedAt: z.string(),
    reviewedAt: z.string().nullable(),
    reviewComment: z.string().nullable(),
    autoApproved: z.boolean(),
    installations: z.number().int(),
  })
  .openapi('MarketVersionRecord');
const AppVersions = z
  .object({
    appId: z.string(),
    name: Text,
    vendor: z.object({ id: z.uuid(), name: z.string() }),
    status: z.enum(['draft', 'listed', 'delisted']),
    suspended: z.boolean(),
    suspendReason: z.string().nullable(),
    latestVersionId: z.uuid().nullable(),
    versions: z.array(VersionRecord),
    log: z.array(
      z.object({
        versionId: z.uuid().nullable(),
        action: z.string(),
        comment: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .openapi('MarketAppVersions');
const Flag = z.object({ on: z.boolean().default(true), reason: z.string().min(2).max(500) });

/** Reviewer routes: the queue, every app and version, decisions, the auto-approval policy, suspension and delisting. */
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
      method: 'get',
      path: `${base}/policy`,
      tags,
      summary: 'The auto-approval policy as it stands (on unless a reviewer switched it off)',
      responses: { 200: ok(Policy, 'Policy'), ...errorResponses },
    }),
    async (c) => c.json(await market.review.policy(caller(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/apps`,
      tags,
      summary: 'Every app in any state (draft, listed, delisted, suspended), for the reviewer console',
      request: {
        query: z.object({
          q: z.string().max(100).optional().openapi({ example: '考勤' }),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
      },
      responses: { 200: ok(z.object({ items: z.array(AppRecord) }), 'Apps'), ...errorResponses },
    }),
    async (c) => c.json({ items: await market.records.list(caller(c), c.req.valid('query')) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/marketplace/apps/{appId}/versions',
      tags,
      summary:
        "Every version of an app with its id, state, submitted/reviewed times and the reviewer's comment, and the supervision log: reviewers and the app's own vendor only (suspended and unlisted apps too)",
      request: { params: AppIdParam },
      responses: { 200: ok(AppVersions, 'Versions'), ...errorResponses },
    }),
    async (c) => c.json(await market.records.versions(caller(c), c.req.valid('param').appId), 200),
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
