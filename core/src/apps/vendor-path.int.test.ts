import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { verifyPackage } from '@campusbase/plugin-sdk/package';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerVerifiedPackage } from './registry.ts';
import { type AppsHarness, startAppsHarness } from './testing/harness.ts';

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, '../../../plugin-sdk/src/cli/main.ts');

/**
 * The vendor path from start to finish: the vendor CLI creates the template app (班级公告栏), tests
 * it on the fake host, builds, packs and signs it; the platform verifies the signed package,
 * registers it, installs it for a school, calls its routes, stores its documents and serves its
 * UI page from the app origin with the sandbox CSP.
 */
let h: AppsHarness;
let work: string;
let archive: Uint8Array;
let publicKey: string;

async function vendor(...args: string[]) {
  return run(process.execPath, [cli, ...args], {
    cwd: work,
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'campusbase-vendor-'));
  h = await startAppsHarness();
}, 180_000);
afterAll(async () => {
  await h?.close();
  await rm(work, { recursive: true, force: true });
});

describe('vendor path: create → test → build → pack → sign → install → use', () => {
  it('creates, tests, builds, packs and signs the template app with the vendor CLI', async () => {
    await vendor('create', 'board', '--id', 'cn.example.class-board', '--link-sdk');
    const app = join(work, 'board');
    const tested = await vendor('test', '--dir', app);
    expect(tested.stdout + tested.stderr).toMatch(/passed/i);
    await vendor('build', '--dir', app);
    await vendor('pack', '--dir', app, '--out', join(work, 'board.cbapp'));
    await vendor('keygen', '--out', join(work, 'vendor'));
    await vendor('sign', join(work, 'board.cbapp'), '--key', join(work, 'vendor.key.pem'));
    archive = new Uint8Array(await readFile(join(work, 'board.cbapp')));
    publicKey = await readFile(join(work, 'vendor.pub.pem'), 'utf8');
  }, 240_000);

  it('installs the signed package for a school and runs its routes in the sandbox', async () => {
    const verified = verifyPackage(archive, { publicKeys: [publicKey] });
    const registered = await registerVerifiedPackage(h.db.owner, verified);
    expect(registered.appId).toBe('cn.example.class-board');
    const [school] = h.schools as [string];
    const installed = await h.request(
      school,
      'POST',
      '/api/v1/apps/installations',
      { appId: 'cn.example.class-board', approvedScopes: ['org:read'] },
      { admin: true },
    );
    expect(installed.status).toBe(201);
    const { id } = (await installed.json()) as { id: string };
    // The install hook ran in the sandbox and was audited with the install.
    expect(h.audit.entries.some((e) => e.action === 'app.install' && e.targetId === id)).toBe(true);

    const posted = await h.request(school, 'POST', `/apps/${id}/api/notices`, {
      classId: 'class-7-2',
      title: '周五家长会',
      body: '请各位家长下午三点到校。',
      pinned: true,
    });
    expect(posted.status).toBe(201);
    const listed = await h.request(school, 'GET', `/apps/${id}/api/notices?classId=class-7-2`);
    expect(listed.status).toBe(200);
    const { items } = (await listed.json()) as { items: Array<{ title: string; authorName: string }> };
    expect(items).toEqual([expect.objectContaining({ title: '周五家长会', authorName: '王老师' })]);
    const stored = await h.db.owner
      .selectFrom('app_documents')
      .select(['collection', 'app_id'])
      .where('installation_id', '=', id)
      .execute();
    expect(stored).toEqual([{ collection: 'notices', app_id: 'cn.example.class-board' }]);

    const page = await fetch(`http://127.0.0.1:${h.apps.ui.port}/${id}/board.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain('sandbox allow-scripts allow-forms');
    expect(await page.text()).toContain('<');
  });

  it('refuses a package whose bytes were changed after signing', () => {
    const tampered = archive.slice();
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = (tampered[middle] ?? 0) ^ 0xff;
    expect(() => verifyPackage(tampered, { publicKeys: [publicKey] })).toThrow();
  });
});
