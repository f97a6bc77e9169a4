import {
  type Bench,
  type BenchLine,
  ratioLine,
  removeDir,
  requestsPerSecond,
  startFixture,
  startPlatformProcess,
} from './lib.ts';

/** Start-up time (first start with initdb, then a warm start) and GET /healthz against bare Hono. */
const bench: Bench = async (ctx) => {
  const lines: BenchLine[] = [];
  const first = await startPlatformProcess();
  lines.push({
    name: 'start-up, first start (initdb, migrate, seed)',
    value: first.readyMs / 1000,
    unit: 's',
    budget: '≤ 60 s',
    ok: first.readyMs < 60_000,
  });
  await first.stop();
  const warm = await startPlatformProcess({ dataDir: first.dataDir });
  lines.push({
    name: 'start-up, warm start',
    value: warm.readyMs / 1000,
    unit: 's',
    budget: '≤ 15 s',
    ok: warm.readyMs < 15_000,
  });

  const hello = await startFixture('hello.ts');
  try {
    ctx.log('measuring bare Hono hello-world…');
    const base = await requestsPerSecond(`${hello.url}/`, { seconds: ctx.seconds });
    ctx.log('measuring GET /healthz…');
    const core = await requestsPerSecond(`${warm.url}/healthz`, { seconds: ctx.seconds });
    lines.push(
      ratioLine(
        'GET /healthz vs bare Hono hello-world',
        { label: 'core /healthz', value: core.rps },
        { label: 'bare Hono', value: base.rps },
        'req/s',
      ),
    );
  } finally {
    await hello.stop();
    await warm.stop();
    await removeDir(first.dataDir);
  }
  return lines;
};

export default bench;
