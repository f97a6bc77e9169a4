import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env, MiddlewareHandler } from 'hono';
import { type CallerOf, createRouter } from './http/common.ts';
import { bureauRoutes } from './http/bureau.routes.ts';
import { reviewRoutes } from './http/review.routes.ts';
import { schoolRoutes } from './http/school.routes.ts';
import { vendorRoutes } from './http/vendor.routes.ts';
import { Hierarchy } from './hierarchy/hierarchy.service.ts';
import { Lifecycle } from './install/lifecycle.service.ts';
import { CATEGORIES, Catalogue } from './listing/catalogue.service.ts';
import type { MarketplacePorts } from './ports.ts';
import type { MarketLimits } from './publish/checks.ts';
import { Publishing } from './publish/publish.service.ts';
import { Ratings } from './ratings/ratings.service.ts';
import { AppRecords } from './review/app-records.service.ts';
import { Review } from './review/review.service.ts';
import { Supervision } from './supervision/supervision.service.ts';
import { Usage } from './usage/usage.ts';
import { Vendors } from './vendors/vendors.service.ts';

export interface Marketplace {
  ports: MarketplacePorts;
  categories: typeof CATEGORIES;
  vendors: Vendors;
  publishing: Publishing;
  review: Review;
  /** Every app and version for reviewers and the owning vendor. */
  records: AppRecords;
  catalogue: Catalogue;
  lifecycle: Lifecycle;
  supervision: Supervision;
  hierarchy: Hierarchy;
  ratings: Ratings;
  usage: Usage;
  /** The marketplace's routes as a sub-app for the host to mount with `app.route('/', …)`. */
  routes<E extends Env>(caller: CallerOf): OpenAPIHono<E>;
  /**
   * Counts daily active users of app APIs: mount it on `/apps/:installationId/api/*` before the
   * runtime's routes. It records after the response, and never fails the request.
   */
  usageMiddleware(
    identify: (c: Parameters<MiddlewareHandler>[0]) => { tenantId: string; personId: string } | null,
  ): MiddlewareHandler;
}

/**
 * The app marketplace: vendors and keys, publishing with checks, review, the catalogue with
 * Chinese search, the install lifecycle, supervision, bureau picks, ratings and usage statistics.
 *
 * @example
 * const market = createMarketplace(ports);
 * app.route('/', market.routes((c) => callerFromSession(c)));
 */
export function createMarketplace(
  ports: MarketplacePorts,
  options: { limits?: Partial<MarketLimits> } = {},
): Marketplace {
  const lifecycle = new Lifecycle(ports);
  const market: Marketplace = {
    ports,
    categories: CATEGORIES,
    vendors: new Vendors(ports),
    publishing: new Publishing(ports, options.limits),
    review: new Review(ports),
    records: new AppRecords(ports),
    catalogue: new Catalogue(ports),
    lifecycle,
    supervision: new Supervision(ports),
    hierarchy: new Hierarchy(ports, lifecycle),
    ratings: new Ratings(ports),
    usage: new Usage(ports),
    routes<E extends Env>(caller: CallerOf) {
      const router = createRouter<E>();
      vendorRoutes(router, market, caller);
      reviewRoutes(router, market, caller);
      schoolRoutes(router, market, caller);
      bureauRoutes(router, market, caller);
      return router;
    },
    usageMiddleware(identify) {
      return async function marketUsage(c, next) {
        await next();
        if (c.res.status >= 400) return;
        const installationId = c.req.param('installationId');
        const who = identify(c);
        if (!who || !installationId) return;
        await market.usage.mark(who.tenantId, installationId, who.personId).catch(() => undefined);
      };
    },
  };
  return market;
}
