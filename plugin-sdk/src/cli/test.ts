import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { sdkRoot } from './create.ts';

function vitestEntry(root: string): string {
  for (const base of [join(root, 'package.json'), join(sdkRoot, 'package.json')]) {
    try {
      return join(dirname(createRequire(base).resolve('vitest/package.json')), 'vitest.mjs');
    } catch {}
  }
  throw new Error('vitest is not installed; run npm install in the app folder');
}

/** Runs the app's tests (vitest, on the fake host); resolves to vitest's exit code. */
export function runTests(root: string, extra: ReadonlyArray<string> = []): Promise<number> {
  const cwd = resolve(root);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [vitestEntry(cwd), 'run', '--root', cwd, ...extra], {
      cwd,
      stdio: 'inherit',
    });
    child.on('error', fail);
    child.on('exit', (code) => done(code ?? 1));
  });
}
