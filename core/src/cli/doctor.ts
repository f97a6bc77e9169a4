import { execFile } from 'node:child_process';
import { access, constants, mkdir } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { PLATFORM_VERSION } from '../app.ts';
import type { Config } from '../config/index.ts';
import { createKysely, redactUrl } from '../db/pool.ts';
import type { Logger } from '../logger.ts';
import { resolveOwnerUrl } from '../db/index.ts';

const run = promisify(execFile);

interface Finding {
  ok: boolean;
  what: string;
  fix?: string;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(true));
  });
}

/** `campusbase doctor`: prints config, versions and connectivity, and says what to fix. */
export async function doctor(config: Config, logger: Logger): Promise<number> {
  const findings: Finding[] = [];
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  console.log(`CampusBase ${PLATFORM_VERSION} doctor\n`);
  console.log('Configuration:');
  const shown: Record<string, unknown> = {
    ...config,
    DATABASE_URL: config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : '(embedded PostgreSQL)',
    APP_DATABASE_URL: config.APP_DATABASE_URL ? redactUrl(config.APP_DATABASE_URL) : '(derived app role)',
    MQTT_URL: config.MQTT_URL ?? '(embedded aedes broker)',
    SMTP_URL: config.SMTP_URL ? redactUrl(config.SMTP_URL) : '(none: mail goes to the log)',
    SECRET_KEY: config.SECRET_KEY ? '(set)' : `(generated in ${resolve(config.DATA_DIR)}/secret.key)`,
  };
  for (const [key, value] of Object.entries(shown)) console.log(`  ${key.padEnd(18)} ${String(value)}`);
  console.log('');

  findings.push({
    ok: nodeMajor >= 24,
    what: `Node.js ${process.versions.node}`,
    fix: 'CampusBase needs Node.js 24 or newer: run `npm install`, which brings it into .node/.',
  });

  const dataDir = resolve(config.DATA_DIR);
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK);
    findings.push({ ok: true, what: `Data directory ${dataDir} is writable` });
  } catch {
    findings.push({
      ok: false,
      what: `Data directory ${dataDir} is not writable`,
      fix: 'Set DATA_DIR to a writable folder.',
    });
  }

  for (const tool of ['pg_dump', 'pg_restore'] as const) {
    try {
      const { stdout } = await run(tool, ['--version']);
      findings.push({ ok: true, what: stdout.trim() });
    } catch {
      findings.push({
        ok: false,
        what: `${tool} not found (backup and restore need it)`,
        fix: 'apt-get install postgresql-client',
      });
    }
  }

  try {
    const { ownerUrl, embedded } = await resolveOwnerUrl(config, logger);
    const db = createKysely<unknown>(ownerUrl, { max: 1 });
    try {
      const { rows } = await sql<{ version: string }>`SHOW server_version`.execute(db);
      const version = rows[0]?.version ?? '?';
      const major = Number(version.split('.')[0]);
      findings.push({
        ok: major >= 15,
        what: `PostgreSQL ${version} at ${redactUrl(ownerUrl)}`,
        fix: 'CampusBase needs PostgreSQL 15 or newer.',
      });
      const pending = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations`
        .execute(db)
        .catch(() => null);
      findings.push({
        ok: pending !== null,
        what: pending
          ? `${pending.rows[0]?.n ?? 0} migrations applied`
          : 'The database has no migrations yet',
        fix: 'Run `npm run campusbase migrate up` (start also migrates).',
      });
    } finally {
      await db.destroy();
      await embedded?.stop();
    }
  } catch (error) {
    findings.push({
      ok: false,
      what: `PostgreSQL is not reachable: ${(error as Error).message}`,
      fix: config.DATABASE_URL
        ? 'Check DATABASE_URL: host, port, user and password, and that the server accepts connections.'
        : 'Check that EMBEDDED_PG_PORT is free and DATA_DIR is writable.',
    });
  }

  if (!config.MQTT_URL) {
    const free = await portFree(config.MQTT_PORT);
    findings.push({
      ok: true,
      what: free
        ? `MQTT port ${config.MQTT_PORT} is free for the embedded broker`
        : `MQTT port ${config.MQTT_PORT} is in use (by a running CampusBase, or another broker)`,
    });
  }
  const httpFree = await portFree(config.PORT);
  findings.push({
    ok: true,
    what: httpFree
      ? `HTTP port ${config.PORT} is free`
      : `HTTP port ${config.PORT} is in use (is CampusBase already running?)`,
  });

  console.log('Checks:');
  for (const f of findings) {
    console.log(`  ${f.ok ? '✔' : '✘'} ${f.what}`);
    if (!f.ok && f.fix) console.log(`      → ${f.fix}`);
  }
  const failed = findings.filter((f) => !f.ok).length;
  console.log(failed === 0 ? '\nAll checks passed.' : `\n${failed} problem(s) to fix.`);
  return failed === 0 ? 0 : 1;
}
