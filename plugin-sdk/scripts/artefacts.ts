import { fileURLToPath } from 'node:url';
import { manifestSchema } from '../src/manifest/schema.ts';

export const schemaPath = fileURLToPath(new URL('../schema/manifest.schema.json', import.meta.url));

export function renderManifestSchema(): string {
  return JSON.stringify(manifestSchema, null, 2) + '\n';
}
