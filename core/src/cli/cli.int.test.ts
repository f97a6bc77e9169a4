import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/ports.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, 'main.ts');

function campusbase(args: string[], env: Record<string, string>) {
  return run(process.execPath, [cli, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    timeout: 120_000,
  });
}

/** Pids of postgres processes whose command line names this data directory. */
async function postgresPidsFor(dataDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('postgres') && cmdline.includes(dataDir)) pids.push(Number(entry));
  }
  return pids;
}

describe('campusbase CLI', () => {
  it('refuses PORT=abc with one clear message naming the variable, and exits non-zero', async () => {
    const error = await campusbase(['start'], { PORT: 'abc' }).catch((e) => e);
    expect(error.code).not.toBe(0);
    expect(error.stderr).toContain('PORT must be a whole number');
    expect(error.stderr).toContain('Example: PORT=3000');
  });

  it('refuses DATABASE_URL=nonsense the same way', async () => {
    const error = await campusbase(['migrate', 'status'], { DATABASE_URL: 'nonsense' }).catch((e) => e);
    expect(error.code).not.toBe(0);
    expect(error.stderr).toContain('DATABASE_URL must be a PostgreSQL connection URL');
  });

  describe('start on embedded defaults', () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'campusbase-cli-'));
      await import('node:fs/promises').then((fs) => fs.chmod(dataDir, 0o755));
    });
    afterAll(() => rm(dataDir, { recursive: true, force: true }));

    /** Starts `campusbase start`, waits for /readyz, sends Ctrl-C, and returns what it printed. */
    async function startAndStop(ports: Record<string, string>): Promise<string> {
      const child = spawn(process.execPath, [cli, 'start'], {
        env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...ports },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
      });
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      try {
        const deadline = Date.now() + 90_000;
        let ready = false;
        while (!ready && Date.now() < deadline && child.exitCode === null) {
          ready = await fetch(`http://127.0.0.1:${ports.PORT}/readyz`).then(
            (r) => r.status === 200,
            () => false,
          );
          if (!ready) await new Promise((r) => setTimeout(r, 250));
        }
        expect(ready, output).toBe(true);
        expect(await postgresPidsFor(dataDir)).not.toEqual([]);
      } finally {
        child.kill('SIGINT');
      }
      expect(await exited, output).toBe(0);
      return output;
    }

    it('comes up ready, prints the portal URL, leaves no postgres behind after Ctrl-C, and starts again warm', async () => {
      const ports = {
        PORT: String(await freePort()),
        MQTT_PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(await freePort()),
        APP_ORIGIN_PORT: String(await freePort()),
      };
      const first = await startAndStop(ports);
      expect(first).toContain(`http://localhost:${ports.PORT}`);
      expect(await postgresPidsFor(dataDir)).toEqual([]);
      expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      // The second start reuses the cluster: its data directory must still satisfy PostgreSQL.
      await startAndStop(ports);
      expect(await postgresPidsFor(dataDir)).toEqual([]);
    }, 240_000);
  });

  describe('migrate, backup and restore against DATABASE_URL', () => {
    let db: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      db = await createTestDatabase({ migrate: false });
      dir = await mkdtemp(join(tmpdir(), 'campusbase-backup-'));
    });
    afterAll(async () => {
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('migrates up, reports status, rolls back one, and re-applies', async () => {
      const env = { DATABASE_URL: db.ownerUrl };
      const up = await campusbase(['migrate', 'up'], env);
      expect(up.stdout).toContain('applied  2026-11-21T0900_core_tenancy');
      const status = await campusbase(['migrate', 'status'], env);
      expect(status.stdout).not.toContain('pending');
      const before = (status.stdout.match(/applied/g) ?? []).length;
      const down = await campusbase(['migrate', 'down'], env);
      expect(down.stdout).toContain('rolled back');
      const after = await campusbase(['migrate', 'status'], env);
      expect(after.stdout).toContain('pending');
      expect((after.stdout.match(/applied/g) ?? []).length).toBe(before - 1);
      await campusbase(['migrate', 'up'], env);
    });

    it('backs up in PostgreSQL custom format and restores what was lost', async () => {
      const env = { DATABASE_URL: db.ownerUrl, DATA_DIR: dir };
      await campusbase(['seed', '--demo'], env);
      const file = join(dir, 'backup.dump');
      const out = await campusbase(['backup', file], env);
      expect(out.stdout).toContain('Backup written');
      const magic = (await readFile(file)).subarray(0, 5).toString('latin1');
      expect(magic).toBe('PGDMP');

      await db.owner.deleteFrom('tenant_settings').execute();
      expect(await db.owner.selectFrom('tenant_settings').selectAll().execute()).toEqual([]);
      await campusbase(['restore', file], env);
      const restored = await db.owner.selectFrom('tenant_settings').selectAll().execute();
      expect(restored.length).toBeGreaterThan(0);
    });
  });
});
