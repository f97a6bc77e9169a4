/**
 * The version of the vendor contract this SDK implements. It follows the platform's version: an
 * app's `engines.campusbase` range is matched against it. A minor bump adds API; a major bump may
 * remove API. Proposed API lives in `@campusbase/plugin-sdk/unstable` and is never covered by it.
 */
export const SDK_API_VERSION = '0.1.0';

/** The name of the manifest file at the root of every app and every `.cbapp` package. */
export const MANIFEST_FILE = 'campusbase.app.json';
