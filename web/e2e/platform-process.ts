import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { freePort } from '../../test/ports.ts';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface RunningPlatform {
  /** The portal's base URL, on `localhost` so that Chromium treats it as a secure context. */
  url: string;
  port: number;
  appOriginPort: number;
  /** The embedded MQTT broker, for simulated devices. */
  mqttUrl: string;
  dataDir: string;
  /** Everything the process printed on stdout (the banner with the demo logins). */
  output(): string;
  stop(): Promise<void>;
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`campusbase start exited with code ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Starts `campusbase start` as its own process on embedded defaults (its own embedded PostgreSQL
 * in a fresh DATA_DIR, the embedded broker, free ports) and waits for /readyz. The portal talks to
 * it over HTTP only, as a browser would.
 *
 * @example
 * const platform = await startPlatformProcess();
 * try { await fetch(`${platform.url}/api/openapi.json`); } finally { await platform.stop(); }
 */
export async function startPlatformProcess(env: Record<string, string> = {}): Promise<RunningPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'campusbase-e2e-'));
  // Embedded PostgreSQL runs as the `postgres` user when we are root; it must reach the folder.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const appOriginPort = await freePort();
  const mqttPort = await freePort();
  const child = spawn(process.execPath, [join(repoRoot, 'core/src/cli/main.ts'), 'start'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      EMBEDDED_PG_PORT: String(await freePort()),
      APP_ORIGIN_PORT: String(appOriginPort),
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  // Kept, not echoed: a test run stays readable, and a failed start shows the tail in its error.
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGINT');
      });
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(`http://127.0.0.1:${port}/readyz`, child, 180_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- campusbase stderr ---\n${stderr.slice(-3000)}`);
  }
  return {
    url,
    port,
    appOriginPort,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    dataDir,
    output: () => stdout,
    stop,
  };
}
