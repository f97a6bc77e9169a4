import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The dynamic-security plugin shipped by Debian's mosquitto package. */
export function dynsecPluginPath(): string {
  try {
    const files = execFileSync('dpkg', ['-L', 'mosquitto'], { encoding: 'utf8' }).split('\n');
    const found = files.find((f) => f.endsWith('mosquitto_dynamic_security.so'));
    if (found) return found;
  } catch {
    // not a Debian system: fall through to the usual path
  }
  return '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';
}

export interface RunningMosquitto {
  url: string;
  port: number;
  admin: { username: string; password: string };
  /** The running broker's process id (CPU accounting in the bench). */
  pid(): number | undefined;
  /** Stops the broker (SIGTERM) and starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`mosquitto did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Starts Debian's /usr/sbin/mosquitto on a free port with the dynamic-security plugin, a config
 * file and data in a temporary directory. The settings are the ones docs/devices.md asks
 * operators for: no anonymous access, unlimited queue for the bridge's persistent session.
 */
export async function startMosquitto(port: number): Promise<RunningMosquitto> {
  if (!existsSync('/usr/sbin/mosquitto'))
    throw new Error('Install mosquitto: bash scripts/install-system-deps.sh');
  const dir = await mkdtemp(join(tmpdir(), 'cb-mosquitto-'));
  await chmod(dir, 0o777);
  const admin = { username: 'cb-admin', password: `admin-${Math.random().toString(36).slice(2)}` };
  execFileSync(
    'mosquitto_ctrl',
    ['dynsec', 'init', join(dir, 'dynsec.json'), admin.username, admin.password],
    { stdio: 'ignore' },
  );
  await chmod(join(dir, 'dynsec.json'), 0o666);
  const config = join(dir, 'mosquitto.conf');
  await writeFile(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      'user root',
      `plugin ${dynsecPluginPath()}`,
      `plugin_opt_config_file ${join(dir, 'dynsec.json')}`,
      'persistence true',
      `persistence_location ${dir}/`,
      'max_queued_messages 0',
      'max_inflight_messages 0',
      'log_dest stderr',
      'log_type error',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('/usr/sbin/mosquitto', ['-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    await waitForPort(port, 10_000);
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      const running = child;
      if (!running || running.exitCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    admin,
    pid: () => (child as ChildProcess | null)?.pid,
    async restart() {
      await stop();
      await start();
    },
    async stop() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
