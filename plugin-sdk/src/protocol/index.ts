/**
 * `@campusbase/plugin-sdk/protocol`: the host side of the contract. The host protocol (guest ↔
 * runtime), the browser bridge protocol (app page ↔ portal), the scope checks both hosts share, and
 * the package verifier.
 */
export * from '../host-protocol.ts';
export * from '../bridge/protocol.ts';
export {
  createScopeGrant,
  fetchHostOf,
  requiredScopesFor,
  type ScopeGrant,
  type ScopeRequirement,
} from './grant.ts';
export { checkAppDescription } from './describe.ts';
export { matchManifestRoute, type RouteMatch, routeShadows } from '../manifest/routes.ts';
export { fromWireError, toWireError } from '../app/wire-errors.ts';
export { SDK_API_VERSION } from '../version.ts';
export { hostMethodArgSchemas, isHostMethod, parseHostCallArgs } from './args.ts';
export { verifyPackage, type VerifiedPackage, type VerifyOptions } from '../package/verify.ts';
