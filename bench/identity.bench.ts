import {
  type Bench,
  type BenchLine,
  ratioLine,
  removeDir,
  requestsPerSecond,
  startFixture,
  startPlatformProcess,
} from './lib.ts';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function login(url: string, body: { login: string; password: string }): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cb_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] as string;
}

/** Authenticated GET /api/v1/me against bare Hono, and password login latency (Argon2id). */
const bench: Bench = async (ctx) => {
  const lines: BenchLine[] = [];
  const platform = await startPlatformProcess();
  const hello = await startFixture('hello.ts');
  try {
    const credentials = { login: 'admin.fenglin', password: 'Campus@2026' };
    const cookie = await login(platform.url, credentials);
    const check = await fetch(`${platform.url}/api/v1/me`, { headers: { cookie } });
    if (check.status !== 200) throw new Error(`/api/v1/me answered ${check.status}`);

    ctx.log('measuring bare Hono hello-world…');
    const base = await requestsPerSecond(`${hello.url}/`, { seconds: ctx.seconds });
    ctx.log('measuring authenticated GET /api/v1/me…');
    const me = await requestsPerSecond(`${platform.url}/api/v1/me`, {
      seconds: ctx.seconds,
      headers: { cookie },
    });
    if (me.non2xx > 0 || me.errors > 0)
      throw new Error(`/api/v1/me: ${me.non2xx} non-2xx, ${me.errors} errors`);
    lines.push(
      ratioLine(
        'authenticated GET /api/v1/me vs bare Hono hello-world',
        { label: 'core /api/v1/me', value: me.rps },
        { label: 'bare Hono', value: base.rps },
        'req/s',
        { atLeast: 0.5 },
      ),
    );

    ctx.log('measuring password login latency…');
    // Round-robin over the demo accounts: each account may log in 10 times a minute.
    const accounts = ['admin.fenglin', 'admin.yongjiang', 'zhangxiaoyan', 'bureau.qingxiu', 'reviewer'];
    const samples: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      await login(platform.url, { login: accounts[i % accounts.length]!, password: credentials.password });
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    lines.push({ name: 'password login (Argon2id) p50', value: percentile(samples, 50), unit: 'ms' });
    lines.push({
      name: 'password login (Argon2id) p95',
      value: percentile(samples, 95),
      unit: 'ms',
      budget: '≤ 500 ms',
      ok: percentile(samples, 95) <= 500,
    });
  } finally {
    await hello.stop();
    await platform.stop();
    await removeDir(platform.dataDir);
  }
  return lines;
};

export default bench;
