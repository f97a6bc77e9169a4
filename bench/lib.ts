import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../test/ports.ts';

export { freePort };

export const root = resolve(import.meta.dirname, '..');

/** One printed result. A ratio compares `value` with a baseline measured in the same run. */
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline (or baseline / value when `lowerIsBetter`). */
  ratio?: number;
  budget?: string;
  ok?: boolean;
  note?: string;
}

export interface BenchContext {
  /** Seconds each throughput measurement runs (BENCH_SECONDS, default 10). */
  seconds: number;
  log(message: string): void;
}

export type Bench = (ctx: BenchContext) => Promise<BenchLine[]>;

/** Requests per second for one URL, from autocannon in this process. */
export async function requestsPerSecond(
  url: string,
  options: { seconds: number; connections?: number; headers?: Record<string, string> },
): Promise<{ rps: number; p99ms: number; errors: number; non2xx: number }> {
  // A short warm-up lets the JIT settle before the measured run.
  await autocannon({ url, connections: options.connections ?? 50, duration: 1, headers: options.headers });
  const result = await autocannon({
    url,
    connections: options.connections ?? 50,
    duration: options.seconds,
    headers: options.headers,
  });
  return {
    rps: result.requests.average,
    p99ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}

export interface RunningPlatform {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `campusbase start` in its own process on embedded defaults, with a fresh or given data
 * directory and free ports, and waits for /readyz.
 */
export async function startPlatformProcess(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<RunningPlatform & { readyMs: number }> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'campusbase-bench-')));
  await import('node:fs/promises').then((fs) => fs.chmod(dataDir, 0o755));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'core/src/cli/main.ts'), 'start'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      MQTT_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      APP_ORIGIN_PORT: String(await freePort()),
      // No access log line per request unless asked for (BENCH_LOG_LEVEL=info).
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/readyz`, 120_000, child);
  const readyMs = performance.now() - started;
  return {
    url,
    port,
    dataDir,
    child,
    readyMs,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGINT');
      }),
  };
}

/** Starts a TypeScript fixture server in its own process; it must print `listening <port>`. */
export async function startFixture(
  file: string,
  env: Record<string, string> = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'bench/fixtures', file)], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, 30_000, child);
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export async function removeDir(dir: string) {
  await rm(dir, { recursive: true, force: true });
}

export function ratioLine(
  name: string,
  measured: { label: string; value: number },
  baseline: { label: string; value: number },
  unit: string,
  budget?: { atLeast: number },
): BenchLine {
  const ratio = measured.value / baseline.value;
  return {
    name,
    value: measured.value,
    unit,
    baseline: { name: baseline.label, value: baseline.value },
    ratio,
    ...(budget ? { budget: `≥ ${(budget.atLeast * 100).toFixed(0)} %`, ok: ratio >= budget.atLeast } : {}),
  };
}
