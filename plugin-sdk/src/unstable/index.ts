/**
 * `@campusbase/plugin-sdk/unstable`: proposed API. It may change or vanish in any release, is not
 * covered by `engines.campusbase`, and the marketplace rejects a package whose bundle uses it (the
 * build marks such bundles with `/* campusbase:unstable *\/`).
 */
export const UNSTABLE_MARKER = '/* campusbase:unstable */';
