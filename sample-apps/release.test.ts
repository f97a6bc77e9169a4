import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Each sample app goes the vendor's whole way with the SDK's own CLI: build → pack → sign →
 * verify, as the marketplace will re-verify it. Only this test touches Node APIs; the apps
 * themselves import nothing but @campusbase/plugin-sdk.
 */
const run = promisify(execFile);
const cli = fileURLToPath(new URL('../plugin-sdk/src/cli/main.ts', import.meta.url));
const work = await mkdtemp(join(tmpdir(), 'campusbase-samples-'));
const keys = join(work, 'vendor');
const apps = ['attendance', 'assets', 'timetabling'];

function campusbaseApp(...args: string[]) {
  return run(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' } });
}

afterAll(() => rm(work, { recursive: true, force: true }));

describe('sample apps: build → pack → sign → verify with campusbase-app', () => {
  it('makes a vendor key pair', async () => {
    await campusbaseApp('keygen', '--out', keys);
  });

  for (const name of apps) {
    it(`${name}: one self-contained server bundle, signed and verified`, async () => {
      const dir = fileURLToPath(new URL(`./${name}`, import.meta.url));
      const manifest = JSON.parse(await readFile(join(dir, 'campusbase.app.json'), 'utf8')) as {
        id: string;
        version: string;
      };
      const archive = join(work, `${manifest.id}-${manifest.version}.cbapp`);
      await campusbaseApp('pack', '--dir', dir, '--out', archive);
      const bundle = await readFile(join(dir, 'dist', 'server.mjs'), 'utf8');
      expect(bundle).not.toMatch(/^\s*import\s/m);
      expect(bundle).not.toMatch(/\brequire\(/);
      await campusbaseApp('sign', archive, '--key', `${keys}.key.pem`);
      const verified = await campusbaseApp('verify', archive, '--public-key', `${keys}.pub.pem`);
      expect(verified.stdout).toContain(`${manifest.id}@${manifest.version}`);

      const bytes = await readFile(archive);
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      await writeFile(archive, bytes);
      await expect(campusbaseApp('verify', archive, '--public-key', `${keys}.pub.pem`)).rejects.toMatchObject(
        { code: 1 },
      );
    }, 60_000);
  }
});
