/**
 * `@campusbase/plugin-sdk/manifest`: the manifest's types, JSON Schema, validator and scope
 * catalogue, for the CLI, the marketplace (checks, consent screen) and the runtime.
 */
export type * from './types.ts';
export { manifestSchema } from './schema.ts';
export {
  parseManifest,
  validateManifest,
  type ManifestValidation,
  type ValidateOptions,
} from './validate.ts';
export { formatIssues, pointerToPath, type ManifestIssue } from './issues.ts';
export {
  describeScope,
  highestRisk,
  parseScope,
  SCOPE_CATALOGUE,
  scopeCovers,
  type ParsedScope,
  type ScopeDescription,
  type ScopeRisk,
  type ScopeTemplate,
} from './scopes.ts';
export { createAjv } from './ajv.ts';
export { MANIFEST_FILE, SDK_API_VERSION } from '../version.ts';
