import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./main.ts', import.meta.url));
const work = await mkdtemp(join(tmpdir(), 'campusbase-cli-'));
const app = join(work, 'class-board');

function campusbaseApp(...args: string[]) {
  return run(process.execPath, [cli, ...args], {
    cwd: app,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
}

afterAll(() => rm(work, { recursive: true, force: true }));

// One vendor's path from start to finish, each step on the previous step's output.
describe('campusbase-app end to end', () => {
  it('creates the template app', async () => {
    await run(process.execPath, [cli, 'create', app, '--id', 'cn.edu.demo.class-board', '--link-sdk']);
    const manifest = JSON.parse(await readFile(join(app, 'campusbase.app.json'), 'utf8'));
    expect(manifest.id).toBe('cn.edu.demo.class-board');
  });

  it('runs its tests on the fake host', async () => {
    const { stdout } = await campusbaseApp('test');
    expect(stdout).toMatch(/Tests\s+8 passed/);
  }, 60_000);

  it('builds one ES module without imports, and the page script', async () => {
    await campusbaseApp('build');
    const bundle = await readFile(join(app, 'dist', 'server.mjs'), 'utf8');
    expect(bundle).not.toMatch(/^\s*import\s/m);
    expect(bundle).toContain('campusbase.app');
    expect(await readFile(join(app, 'dist', 'ui', 'board.js'), 'utf8')).toContain('campusbase.bridge');
  });

  it('packs, signs and verifies; a tampered package fails verification', async () => {
    const { stdout } = await campusbaseApp('pack');
    const archive = stdout.trim().split(' ').at(-1)!;
    expect(archive).toMatch(/cn\.edu\.demo\.class-board-0\.1\.0\.cbapp$/);
    await campusbaseApp('keygen', '--out', join(work, 'keys', 'vendor'));
    await campusbaseApp('sign', archive, '--key', join(work, 'keys', 'vendor.key.pem'));
    const verified = await campusbaseApp(
      'verify',
      archive,
      '--public-key',
      join(work, 'keys', 'vendor.pub.pem'),
    );
    expect(verified.stdout).toContain('cn.edu.demo.class-board@0.1.0');

    const bytes = await readFile(archive);
    bytes[Math.floor(bytes.length / 3)]! ^= 0xff;
    await writeFile(archive, bytes);
    await expect(
      campusbaseApp('verify', archive, '--public-key', join(work, 'keys', 'vendor.pub.pem')),
    ).rejects.toMatchObject({ code: 1 });
  }, 30_000);

  it('refuses a build whose server code uses Node modules', async () => {
    await writeFile(
      join(app, 'src', 'server.ts'),
      "import { readFileSync } from 'node:fs';\nexport default readFileSync;\n",
    );
    await expect(campusbaseApp('build')).rejects.toMatchObject({ stderr: expect.stringContaining('Node') });
  });
});
