import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const portalDist = resolve(import.meta.dirname, '../dist');
/** DESIGN.md §12: the portal's first load ships at most this much JavaScript, gzipped. */
export const initialBudgetBytes = 300 * 1024;

interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface ChunkSet {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  /** The entry and everything it imports statically: what every page loads first. */
  initial: ChunkSet;
  /** The first page a visitor sees: the initial set plus the login route's own chunks. */
  loginPage: ChunkSet;
  /** All JavaScript in the build. */
  total: ChunkSet;
  /** Chunks of the heavy libraries that must load lazily (ECharts, Monaco), and whether any is initial. */
  heavy: Array<{ file: string; gzipBytes: number; initial: boolean }>;
}

const heavyPattern = /echarts|zrender|monaco/i;

async function measure(dist: string, files: Iterable<string>): Promise<ChunkSet> {
  const list = [...new Set(files)].filter((f) => f.endsWith('.js')).sort();
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of list) {
    const body = await readFile(join(dist, file));
    rawBytes += body.byteLength;
    gzipBytes += gzipSync(body).byteLength;
  }
  return { files: list, rawBytes, gzipBytes };
}

/**
 * Reads Vite's manifest of a portal build and measures what a first visit downloads.
 *
 * @example
 * const report = await bundleReport(); // report.initial.gzipBytes <= initialBudgetBytes
 */
export async function bundleReport(dist = portalDist): Promise<BundleReport> {
  const manifest = JSON.parse(await readFile(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const closure = (roots: string[]): string[] => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key) || !manifest[key]) return;
      seen.add(key);
      for (const next of manifest[key].imports ?? []) visit(next);
    };
    roots.forEach(visit);
    return [...seen].map((key) => manifest[key]!.file);
  };
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error(`${dist}/.vite/manifest.json has no entry; rebuild with npm run build -w web`);
  const login = Object.keys(manifest).find((key) => manifest[key]!.src === 'src/views/login/index.vue');
  const initialFiles = closure([entry]);
  const initial = await measure(dist, initialFiles);
  const loginPage = await measure(dist, closure(login ? [entry, login] : [entry]));
  const total = await measure(
    dist,
    Object.values(manifest).map((chunk) => chunk.file),
  );
  const heavy: BundleReport['heavy'] = [];
  for (const chunk of Object.values(manifest)) {
    const id = `${chunk.name ?? ''} ${chunk.src ?? ''} ${chunk.file}`;
    if (!chunk.file.endsWith('.js') || !heavyPattern.test(id)) continue;
    const { gzipBytes } = await measure(dist, [chunk.file]);
    heavy.push({ file: chunk.file, gzipBytes, initial: initialFiles.includes(chunk.file) });
  }
  return { initial, loginPage, total, heavy };
}
