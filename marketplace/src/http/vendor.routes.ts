import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { Marketplace } from '../marketplace.ts';
import { body, ok, AppIdParam, Category, type CallerOf, errorResponses, tags } from './common.ts';

const CheckSchema = z.object({
  key: z.string(),
  ok: z.boolean(),
  zh: z.string(),
  en: z.string(),
  details: z.unknown().optional(),
});
const PublishResult = z
  .object({
    versionId: z.uuid().nullable(),
    appId: z.string(),
    version: z.string(),
    status: z.enum(['failed', 'pending_review', 'approved', 'rejected']),
    risk: z.string(),
    autoApproved: z.boolean(),
    checks: z.array(CheckSchema),
  })
  .openapi('MarketPublishResult');
const VendorInput = z.object({
  name: z.string().min(2).max(100),
  contactEmail: z.email().optional(),
  website: z.url().optional(),
});
const KeyInput = z.object({
  publicKey: z.string().min(40).max(2000),
  label: z.string().max(100).optional(),
  rotate: z.boolean().optional(),
});
const PackageInput = z.object({
  package: z
    .base64()
    .max(24 * 1024 * 1024)
    .openapi({ description: 'The signed .cbapp archive, base64' }),
  changelog: z.string().max(5000).optional(),
  category: Category.optional(),
});
const ListingInput = z.object({
  category: Category.optional(),
  summary: z.string().max(200).optional(),
  descriptionMd: z.string().max(20_000).optional(),
  screenshots: z
    .array(z.url({ protocol: /^https$/ }).max(500))
    .max(10)
    .optional(),
  tags: z.array(z.string().min(1).max(20)).max(10).optional(),
});
const VendorParam = z.object({ vendorId: z.uuid().openapi({ param: { name: 'vendorId', in: 'path' } }) });

/** Vendor routes: organisations, members, signing keys, publishing, listings, statistics. */
export function vendorRoutes<E extends Env>(
  router: OpenAPIHono<E>,
  market: Marketplace,
  caller: CallerOf,
): void {
  const base = '/api/v1/marketplace/vendors';
  router.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags,
      summary: 'Create a vendor organisation (the caller becomes its owner)',
      request: body(VendorInput),
      responses: { 201: ok(z.object({ id: z.uuid() }), 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await market.vendors.create(caller(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/mine`,
      tags,
      summary: "The caller's vendors",
      responses: { 200: ok(z.object({ items: z.array(z.unknown()) }), 'Vendors'), ...errorResponses },
    }),
    async (c) => c.json({ items: await market.vendors.mine(caller(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{vendorId}/members`,
      tags,
      summary: 'Add a developer (or owner) to the vendor',
      request: {
        params: VendorParam,
        ...body(z.object({ personId: z.uuid(), role: z.enum(['owner', 'developer']).default('developer') })),
      },
      responses: { 204: { description: 'Added' }, ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      await market.vendors.addMember(caller(c), c.req.valid('param').vendorId, input.personId, input.role);
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{vendorId}/keys`,
      tags,
      summary: "The vendor's signing keys",
      request: { params: VendorParam },
      responses: { 200: ok(z.object({ items: z.array(z.unknown()) }), 'Keys'), ...errorResponses },
    }),
    async (c) =>
      c.json({ items: await market.vendors.listKeys(caller(c), c.req.valid('param').vendorId) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{vendorId}/keys`,
      tags,
      summary: 'Register an ed25519 public key; `rotate` retires the active keys',
      request: { params: VendorParam, ...body(KeyInput) },
      responses: { 201: ok(z.object({ id: z.uuid(), keyId: z.string() }), 'Registered'), ...errorResponses },
    }),
    async (c) =>
      c.json(await market.vendors.addKey(caller(c), c.req.valid('param').vendorId, c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{vendorId}/keys/{keyId}/revoke`,
      tags,
      summary: 'Revoke a key: nothing it signed verifies any more',
      request: {
        params: VendorParam.extend({
          keyId: z
            .string()
            .regex(/^[0-9a-f]{16}$/)
            .openapi({ param: { name: 'keyId', in: 'path' } }),
        }),
        ...body(z.object({ reason: z.string().min(2).max(500) })),
      },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    async (c) => {
      const { vendorId, keyId } = c.req.valid('param');
      await market.vendors.revokeKey(caller(c), vendorId, keyId, c.req.valid('json').reason);
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{vendorId}/packages`,
      tags,
      summary: 'Publish a signed package: verify, run the checks, queue for review (the report is returned)',
      request: { params: VendorParam, ...body(PackageInput) },
      responses: {
        201: ok(PublishResult, 'Accepted: waiting for review or approved'),
        422: ok(PublishResult, 'A check failed: see the report'),
        ...errorResponses,
        413: ok(z.unknown(), 'Too large'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const archive = new Uint8Array(Buffer.from(input.package, 'base64'));
      const result = await market.publishing.publish(caller(c), c.req.valid('param').vendorId, archive, {
        ...(input.changelog !== undefined ? { changelog: input.changelog } : {}),
        ...(input.category ? { category: input.category } : {}),
      });
      return result.status === 'failed' ? c.json(result, 422) : c.json(result, 201);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{vendorId}/apps`,
      tags,
      summary: "The vendor's apps, versions and check reports",
      request: { params: VendorParam },
      responses: { 200: ok(z.object({ items: z.array(z.unknown()) }), 'Apps'), ...errorResponses },
    }),
    async (c) =>
      c.json({ items: await market.catalogue.vendorApps(caller(c), c.req.valid('param').vendorId) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/marketplace/apps/{appId}/listing',
      tags,
      summary: "Edit the app's listing (vendor)",
      request: { params: AppIdParam, ...body(ListingInput) },
      responses: { 204: { description: 'Saved' }, ...errorResponses },
    }),
    async (c) => {
      await market.catalogue.editListing(caller(c), c.req.valid('param').appId, c.req.valid('json'));
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/marketplace/apps/{appId}/stats',
      tags,
      summary: 'Usage statistics for the vendor: installs and daily active users per installation',
      request: { params: AppIdParam },
      responses: { 200: ok(z.unknown(), 'Statistics'), ...errorResponses },
    }),
    async (c) => c.json(await market.usage.forVendor(caller(c), c.req.valid('param').appId), 200),
  );
}
