// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints
// each result as a ratio against a baseline measured in the same run. Timings vary on shared
// machines, so no test ever asserts on them; the budgets printed here are for people to read.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bench, BenchLine } from './lib.ts';
import { root } from './lib.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const only = process.argv.slice(2);
const files = (await readdir(join(root, 'bench')))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

function format(line: BenchLine): string {
  const value = `${line.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${line.unit}`;
  const base = line.baseline
    ? ` vs ${line.baseline.name} ${line.baseline.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${line.unit}`
    : '';
  const ratio = line.ratio !== undefined ? ` → ratio ${(line.ratio * 100).toFixed(1)} %` : '';
  const budget = line.budget
    ? ` (budget ${line.budget}${line.ok === undefined ? '' : line.ok ? ' ✔' : ' ✘'})`
    : '';
  const note = line.note ? ` [${line.note}]` : '';
  return `  ${line.name}: ${value}${base}${ratio}${budget}${note}`;
}

const all: Record<string, BenchLine[]> = {};
console.log(`CampusBase benchmarks (Node ${process.versions.node}, ${seconds} s per throughput run)\n`);
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`# ${name}`);
  const bench = (await import(join(root, 'bench', file))).default as Bench;
  try {
    const lines = await bench({ seconds, log: (m) => console.log(`  … ${m}`) });
    all[name] = lines;
    for (const line of lines) console.log(format(line));
  } catch (error) {
    console.log(`  failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  }
  console.log('');
}
await mkdir(join(root, 'bench/results'), { recursive: true });
await writeFile(
  join(root, 'bench/results/latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), results: all }, null, 2)}\n`,
);
