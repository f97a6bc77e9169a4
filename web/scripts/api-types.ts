// `npm run api:types -w web`: writes web/src/api/openapi.gen.ts from the platform's
// /api/openapi.json. With `--url <base>` it reads a running server; otherwise it starts
// `campusbase start` on a fresh data directory and free ports, reads it, and stops it.
// With `--check` it writes nothing and exits 1 when the committed file is out of date.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, startPlatformProcess } from '../e2e/platform-process.ts';
import { type OpenApiDocument, openApiToTs } from './openapi-to-ts.ts';

export const generatedFile = join(repoRoot, 'web/src/api/openapi.gen.ts');

const { values } = parseArgs({ options: { url: { type: 'string' }, check: { type: 'boolean' } } });

async function readDocument(base: string): Promise<OpenApiDocument> {
  const response = await fetch(`${base}/api/openapi.json`);
  if (!response.ok) throw new Error(`${base}/api/openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

let doc: OpenApiDocument;
if (values.url) {
  doc = await readDocument(values.url);
} else {
  const platform = await startPlatformProcess({ DEMO_SEED: 'false' });
  try {
    doc = await readDocument(platform.url);
  } finally {
    await platform.stop();
  }
}
const source = openApiToTs(doc);
if (values.check) {
  const current = await readFile(generatedFile, 'utf8').catch(() => '');
  if (current !== source) {
    console.error('web/src/api/openapi.gen.ts is out of date: run `npm run api:types -w web`.');
    process.exitCode = 1;
  }
} else {
  await writeFile(generatedFile, source);
  console.log(`wrote ${generatedFile} (${Object.keys(doc.paths ?? {}).length} paths)`);
}
