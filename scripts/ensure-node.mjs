// Brings Node.js 24 from the npm registry when the system Node is older.
// Runs as the root postinstall hook, so it must itself work on Node 20: plain ESM, no dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_VERSION = '24.21.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prefix = join(root, '.node');
const localBinary = join(prefix, 'node_modules', 'node', 'bin', 'node');

const systemMajor = Number(process.versions.node.split('.')[0]);
if (systemMajor >= 24) {
  process.exit(0);
}

function localVersion() {
  if (!existsSync(localBinary)) return null;
  try {
    return execFileSync(localBinary, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
  } catch {
    return null;
  }
}

if (localVersion() === NODE_VERSION) {
  process.exit(0);
}

console.log(
  `[campusbase] System Node ${process.versions.node} is older than 24; installing Node ${NODE_VERSION} into .node/ from the npm registry…`,
);
mkdirSync(prefix, { recursive: true });
// The `node` package fetches its platform binary in a preinstall script, so this private
// prefix approves exactly that one script and nothing else.
writeFileSync(
  join(prefix, 'package.json'),
  `${JSON.stringify({ private: true, dependencies: { node: NODE_VERSION }, allowScripts: { node: true } }, null, 2)}\n`,
);
execFileSync(
  'npm',
  ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', prefix, `node@${NODE_VERSION}`],
  {
    stdio: 'inherit',
    cwd: prefix,
  },
);
const installed = localVersion();
if (installed !== NODE_VERSION) {
  console.error(
    `[campusbase] Node ${NODE_VERSION} did not install into ${prefix} (found ${installed ?? 'nothing'}).`,
  );
  console.error('[campusbase] Check that the npm registry is reachable, then run `npm install` again.');
  process.exit(1);
}
console.log(`[campusbase] Node ${installed} ready in .node/; project commands use it.`);
