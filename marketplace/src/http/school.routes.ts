import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { Marketplace } from '../marketplace.ts';
import { body, ok, AppIdParam, Category, type CallerOf, errorResponses, IdParam, tags } from './common.ts';

export const Scopes = z.array(z.string().max(200)).max(100);

/** The catalogue for everyone, and the install lifecycle for school admins. */
export function schoolRoutes<E extends Env>(
  router: OpenAPIHono<E>,
  market: Marketplace,
  caller: CallerOf,
): void {
  const base = '/api/v1/marketplace';
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/apps`,
      tags,
      summary:
        'Search the catalogue (Chinese bigram search), filter by category and risk, sort by relevance, installs, rating or newest',
      request: {
        query: z.object({
          q: z.string().max(100).optional().openapi({ example: '考勤' }),
          category: Category.optional(),
          risk: z.enum(['low', 'medium', 'high']).optional(),
          sort: z.enum(['relevance', 'installs', 'rating', 'newest']).optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
          offset: z.coerce.number().int().min(0).max(10_000).optional(),
        }),
      },
      responses: {
        200: ok(z.object({ items: z.array(z.unknown()), total: z.number() }), 'Listings'),
        ...errorResponses,
      },
    }),
    async (c) => {
      caller(c);
      return c.json(await market.catalogue.search(c.req.valid('query')), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/categories`,
      tags,
      summary: 'The categories',
      responses: { 200: ok(z.unknown(), 'Categories') },
    }),
    async (c) => c.json({ items: market.categories }, 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/apps/{appId}`,
      tags,
      summary:
        "An app's detail page: description, screenshots, permissions in plain zh-CN, versions, vendor, reviews",
      request: { params: AppIdParam },
      responses: { 200: ok(z.unknown(), 'Detail'), ...errorResponses },
    }),
    async (c) => {
      caller(c);
      return c.json(await market.catalogue.detail(c.req.valid('param').appId), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/apps/{appId}/reviews`,
      tags,
      summary: 'Rate and review (only people of a school that installed it)',
      request: {
        params: AppIdParam,
        ...body(z.object({ rating: z.number().int().min(1).max(5), body: z.string().max(2000).default('') })),
      },
      responses: { 204: { description: 'Saved' }, ...errorResponses },
    }),
    async (c) => {
      await market.ratings.rate(caller(c), c.req.valid('param').appId, c.req.valid('json'));
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/apps/{appId}/consent`,
      tags,
      summary:
        'The consent screen: each requested scope with its explanation and risk, and the settings form',
      request: { params: AppIdParam },
      responses: { 200: ok(z.unknown(), 'Consent'), ...errorResponses },
    }),
    async (c) => c.json(await market.lifecycle.consent(caller(c), c.req.valid('param').appId), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/installs`,
      tags,
      summary: "Install into the caller's school, after consent; the package is verified again first",
      request: body(
        z.object({
          appId: z.string().min(3).max(200),
          approvedScopes: Scopes,
          settings: z.record(z.string(), z.unknown()).optional(),
          consent: z.boolean(),
          version: z
            .string()
            .max(64)
            .optional()
            .openapi({ description: 'The version the consent screen showed; 409 consent_outdated if newer' }),
        }),
      ),
      responses: {
        201: ok(z.object({ installationId: z.uuid(), version: z.string() }), 'Installed'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await market.lifecycle.install(caller(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/installs/{id}/upgrade`,
      tags,
      summary: 'The upgrade on offer, with the permission diff',
      request: { params: IdParam },
      responses: { 200: ok(z.unknown(), 'Preview'), ...errorResponses },
    }),
    async (c) => c.json(await market.lifecycle.upgradePreview(caller(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/installs/{id}/upgrade`,
      tags,
      summary: 'Upgrade; consent is required again when scopes grew',
      request: {
        params: IdParam,
        ...body(z.object({ consent: z.boolean(), approvedScopes: Scopes.optional() })),
      },
      responses: { 200: ok(z.unknown(), 'Upgraded'), ...errorResponses },
    }),
    async (c) =>
      c.json(await market.lifecycle.upgrade(caller(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/installs/{id}/rollback`,
      tags,
      summary: 'Roll back to the version installed before',
      request: { params: IdParam },
      responses: { 200: ok(z.unknown(), 'Rolled back'), ...errorResponses },
    }),
    async (c) => c.json(await market.lifecycle.rollback(caller(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/installs/{id}`,
      tags,
      summary:
        'Uninstall: data kept 30 days (export it under /api/v1/apps/installations/{id}/export), then purged',
      request: { params: IdParam },
      responses: { 200: ok(z.object({ purgeAfter: z.string() }), 'Uninstalled'), ...errorResponses },
    }),
    async (c) => c.json(await market.lifecycle.uninstall(caller(c), c.req.valid('param').id), 200),
  );
}
