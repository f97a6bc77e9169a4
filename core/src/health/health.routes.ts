import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/types.ts';

/** A dependency that must answer before the node takes traffic. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');
const ReadySchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() })),
  })
  .openapi('Readiness');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'Liveness: the process is up',
  responses: { 200: { content: { 'application/json': { schema: HealthSchema } }, description: 'Alive' } },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['Operations'],
  summary: 'Readiness: the database and the MQTT broker answer',
  responses: {
    200: { content: { 'application/json': { schema: ReadySchema } }, description: 'Ready' },
    503: { content: { 'application/json': { schema: ReadySchema } }, description: 'A dependency is down' },
  },
});

const CHECK_TIMEOUT_MS = 2000;

async function timed(check: ReadinessCheck) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(app: OpenAPIHono<AppEnv>, checks: () => ReadonlyArray<ReadinessCheck>): void {
  app.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyz, async (c) => {
    const list = checks();
    const results = await Promise.all(list.map(timed));
    const entries = Object.fromEntries(list.map((check, i) => [check.name, results[i]!]));
    const ok = results.every((r) => r.ok);
    return c.json(
      { status: ok ? ('ok' as const) : ('unavailable' as const), checks: entries },
      ok ? 200 : 503,
    );
  });
}
