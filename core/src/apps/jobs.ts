import { Cron } from 'croner';
import { sql } from 'kysely';
import type { RuntimeManifest } from './manifest.ts';
import type { AppRuntime } from './runtime.ts';

interface Scheduled {
  cron: Cron;
  versionId: string;
}

const RESYNC_MS = 60_000;

/**
 * Runs the apps' declared jobs on their cron schedules (croner). A run never overlaps the previous
 * run of the same job: croner's `protect` skips a tick while the last run is still going, and a
 * PostgreSQL advisory lock per (installation, job) keeps several platform nodes from running it at
 * once. The schedule follows installs, upgrades, disables and uninstalls by resyncing every minute
 * and on `refresh()`.
 */
export class JobScheduler {
  readonly #runtime: AppRuntime;
  readonly #scheduled = new Map<string, Scheduled>();
  readonly #running = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(runtime: AppRuntime) {
    this.#runtime = runtime;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => {
      this.refresh().catch((error) =>
        this.#runtime.logger.error({ err: error }, 'job schedule resync failed'),
      );
    }, RESYNC_MS);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    for (const entry of this.#scheduled.values()) entry.cron.stop();
    this.#scheduled.clear();
  }

  /** Jobs scheduled now, as `installationId/job` keys (for tests and the operator). */
  keys(): string[] {
    return [...this.#scheduled.keys()];
  }

  /** Brings the schedule in line with the enabled installations that declare jobs. Platform-wide read. */
  async refresh(): Promise<void> {
    if (this.#stopped) return;
    const rows = await this.#runtime.owner
      .selectFrom('app_installations as i')
      .innerJoin('app_versions as v', 'v.id', 'i.version_id')
      .select(['i.tenant_id', 'i.id', 'i.version_id', 'v.manifest'])
      .where('i.status', '=', 'enabled')
      .where('v.status', '=', 'active')
      .where(sql<boolean>`jsonb_array_length(coalesce(v.manifest -> 'jobs', '[]'::jsonb)) > 0`)
      .execute();
    const wanted = new Set<string>();
    for (const row of rows) {
      for (const job of (row.manifest as RuntimeManifest).jobs ?? []) {
        const key = `${row.id}/${job.name}`;
        wanted.add(key);
        const existing = this.#scheduled.get(key);
        if (existing?.versionId === row.version_id) continue;
        existing?.cron.stop();
        const cron = new Cron(
          job.cron,
          { timezone: job.timezone ?? 'Asia/Shanghai', protect: true, catch: true, name: `app-job:${key}` },
          async () => {
            await this.run(row.tenant_id, row.id, job.name, new Date());
          },
        );
        this.#scheduled.set(key, { cron, versionId: row.version_id });
      }
    }
    for (const [key, entry] of this.#scheduled) {
      if (!wanted.has(key)) {
        entry.cron.stop();
        this.#scheduled.delete(key);
      }
    }
  }

  /** Runs one job now, unless another node is running it. Returns false when skipped. */
  async run(tenantId: string, installationId: string, job: string, scheduledAt: Date): Promise<boolean> {
    // This node: never two runs of one job at once (checked before any await).
    const key = `${installationId}/${job}`;
    if (this.#running.has(key)) return false;
    this.#running.add(key);
    try {
      return await this.#runLocked(tenantId, installationId, job, scheduledAt);
    } finally {
      this.#running.delete(key);
    }
  }

  /** Other nodes: a session advisory lock per (installation, job) for the length of the run. */
  async #runLocked(
    tenantId: string,
    installationId: string,
    job: string,
    scheduledAt: Date,
  ): Promise<boolean> {
    const binding = await this.#runtime.runnable(tenantId, installationId).catch(() => null);
    if (!binding) return false;
    const lockKey = `app-job:${installationId}/${job}`;
    const locked = await this.#runtime.owner.connection().execute(async (conn) => {
      const { rows } = await sql<{
        ok: boolean;
      }>`SELECT pg_try_advisory_lock(hashtextextended(${lockKey}, 0)) AS ok`.execute(conn);
      if (!rows[0]?.ok) return false;
      try {
        const requestId = crypto.randomUUID();
        const caller = { user: null, personId: null, requestId, locale: 'zh-CN' as const };
        await this.#runtime
          .invoke(
            binding,
            {
              kind: 'job',
              job,
              scheduledAt: scheduledAt.toISOString(),
              context: this.#runtime.context(binding, caller),
            },
            { personId: null, requestId, trigger: `job ${job}` },
          )
          .catch((error) => this.#runtime.logger.warn({ err: error, installationId, job }, 'app job failed'));
        return true;
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtextextended(${lockKey}, 0))`.execute(conn);
      }
    });
    return locked;
  }
}
