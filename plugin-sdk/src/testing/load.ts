import { readFile } from 'node:fs/promises';
import type { JsonValue } from '../json.ts';
import { MANIFEST_FILE } from '../version.ts';

/**
 * Reads `campusbase.app.json` from an app folder (a file URL such as `new URL('..', import.meta.url)`
 * or a path); `createFakeHost` validates it.
 */
export async function loadManifest(appRoot: URL | string): Promise<JsonValue> {
  const base =
    typeof appRoot === 'string'
      ? new URL(`file://${appRoot.endsWith('/') ? appRoot : appRoot + '/'}`)
      : appRoot;
  return JSON.parse(await readFile(new URL(MANIFEST_FILE, base), 'utf8')) as JsonValue;
}
