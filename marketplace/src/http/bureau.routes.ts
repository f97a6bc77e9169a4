import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { Marketplace } from '../marketplace.ts';
import { body, type CallerOf, errorResponses, IdParam, ok, tags } from './common.ts';
import { Scopes } from './school.routes.ts';

const Mode = z.enum(['recommend', 'deploy']);
const ReceivedPick = z
  .object({
    pickId: z.uuid(),
    appId: z.string(),
    bureau: z.string().openapi({ example: '南宁市青秀区教育局' }),
    mode: Mode,
    label: z.string().openapi({ example: '统一部署' }),
    mandatory: z.boolean(),
    note: z.string().nullable(),
    installationId: z.uuid().nullable(),
    at: z.string(),
  })
  .openapi('MarketReceivedPick');
const SentPick = z
  .object({
    id: z.uuid(),
    appId: z.string(),
    mode: Mode,
    mandatory: z.boolean(),
    note: z.string().nullable(),
    approvedScopes: z.array(z.string()),
    at: z.string(),
  })
  .openapi('MarketSentPick');

/** Bureau recommendations and deployments (推荐 / 统一部署), and what a school received from above. */
export function bureauRoutes<E extends Env>(
  router: OpenAPIHono<E>,
  market: Marketplace,
  caller: CallerOf,
): void {
  const base = '/api/v1/marketplace';
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/picks`,
      tags,
      summary:
        'What the bureaus above this school recommend (推荐) or deploy (统一部署) now, read by ancestry',
      responses: { 200: ok(z.object({ items: z.array(ReceivedPick) }), 'Picks'), ...errorResponses },
    }),
    async (c) => c.json({ items: await market.hierarchy.received(caller(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/bureau/picks`,
      tags,
      summary:
        'A bureau recommends an app to every school below, or deploys it there with the scopes it consents to; schools created or moved below later receive it too',
      request: body(
        z.object({
          appId: z.string().min(3).max(200),
          mode: Mode,
          mandatory: z.boolean().optional(),
          note: z.string().max(500).optional(),
          approvedScopes: Scopes.optional(),
          consent: z.boolean().optional(),
        }),
      ),
      responses: {
        201: ok(
          z.object({
            pickId: z.uuid(),
            schools: z.number(),
            installed: z.number().openapi({ description: 'Schools below that have the app now' }),
            failed: z.number().openapi({ description: 'Schools where installing failed (retried later)' }),
          }),
          'Done',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await market.hierarchy.pick(caller(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/bureau/picks`,
      tags,
      summary: "The bureau's active recommendations and deployments",
      responses: { 200: ok(z.object({ items: z.array(SentPick) }), 'Picks'), ...errorResponses },
    }),
    async (c) => c.json({ items: await market.hierarchy.sent(caller(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/bureau/picks/{id}`,
      tags,
      summary:
        'Withdraw a recommendation or deployment: schools stop seeing it; deployed apps stay installed but are no longer mandatory',
      request: { params: IdParam },
      responses: { 204: { description: 'Withdrawn' }, ...errorResponses },
    }),
    async (c) => {
      await market.hierarchy.withdraw(caller(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
