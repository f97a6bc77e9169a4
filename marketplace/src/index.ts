/**
 * `@campusbase/marketplace`: the app marketplace (应用超市). Core implements the ports in
 * `ports.ts`, mounts `routes()`, and merges `@campusbase/marketplace/migrations`.
 */
export { createMarketplace, type Marketplace } from './marketplace.ts';
export type * from './ports.ts';
export type { CallerOf } from './http/common.ts';
export { CATEGORIES, explainScope } from './listing/catalogue.service.ts';
export { DEFAULT_LIMITS, type MarketLimits, scopeDiff } from './publish/checks.ts';
export { indexTokens, queryTokens, toTsQuery } from './search/tokens.ts';
export { renderDescription } from './listing/markdown.ts';
export { rollupUsage } from './usage/usage.ts';
export type { AppCategory, MarketplaceTables } from './tables.ts';
