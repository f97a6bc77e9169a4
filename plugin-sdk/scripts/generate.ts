/**
 * Regenerates the checked-in artefacts of the contract: `schema/manifest.schema.json` and
 * `api-report.md`. Run `sh scripts/n node plugin-sdk/scripts/generate.ts`; a unit test fails while
 * either is stale.
 */
import { writeFile } from 'node:fs/promises';
import { renderManifestSchema, schemaPath } from './artefacts.ts';

await writeFile(schemaPath, renderManifestSchema());
const { apiReportPath, renderApiReport } = await import('./api-report.ts');
await writeFile(apiReportPath, await renderApiReport());
console.log('wrote', schemaPath, apiReportPath);
