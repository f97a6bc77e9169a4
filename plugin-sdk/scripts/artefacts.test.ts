import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiReportPath, renderApiReport } from './api-report.ts';
import { renderManifestSchema, schemaPath } from './artefacts.ts';

const regenerate = 'stale: run `sh scripts/n node plugin-sdk/scripts/generate.ts` and commit the result';

describe('checked-in contract artefacts', () => {
  it('schema/manifest.schema.json matches the schema in code', async () => {
    expect(await readFile(schemaPath, 'utf8'), regenerate).toBe(renderManifestSchema());
  });

  it('api-report.md matches the public entry points', async () => {
    expect(await readFile(apiReportPath, 'utf8'), regenerate).toBe(await renderApiReport());
  }, 60_000);
});
