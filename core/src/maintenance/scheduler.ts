import { Cron } from 'croner';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';

/** Counts of what a run did (rows deleted, …), logged after each run. */
export type JobResult = Record<string, number>;

export interface MaintenanceJob {
  /** Unique; also the advisory lock's name. */
  name: string;
  /** A cron pattern in the server's local time (5 fields, or 6 with seconds). */
  schedule: string;
  /** Runs in the transaction that holds the job's lock, as the database owner. */
  run(trx: Transaction<Database>): Promise<JobResult>;
}

export type RunOutcome = { ran: true; result: JobResult } | { ran: false; reason: 'locked' | 'stopped' };

export interface Maintenance {
  /** Runs a job now (same lock as the schedule). */
  runNow(name: string): Promise<RunOutcome>;
  /** Stops the schedules and waits for runs in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `work` only if no other node (or run) holds the job's lock. The lock is transaction-scoped,
 * so a crashed node releases it with its connection; a node that finds it taken skips this run.
 */
export async function runExclusive(
  db: Kysely<Database>,
  name: string,
  work: (trx: Transaction<Database>) => Promise<JobResult>,
): Promise<RunOutcome> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`
      SELECT pg_try_advisory_xact_lock(hashtextextended(${`cb:maintenance:${name}`}, 0)) AS locked`.execute(
      trx,
    );
    if (!rows[0]?.locked) return { ran: false, reason: 'locked' } as const;
    return { ran: true, result: await work(trx) } as const;
  });
}

/**
 * Starts the platform's maintenance schedules on this node (croner). Every node runs the same
 * schedules; a PostgreSQL advisory lock per job lets only one node run a job at a time, and a run
 * still going when the next is due is skipped.
 *
 * @example
 * const maintenance = startMaintenance({ db: db.owner, logger, jobs: platformMaintenanceJobs(config) });
 * cleanup.push(() => maintenance.stop());
 */
export function startMaintenance(options: {
  db: Kysely<Database>;
  logger: Logger;
  jobs: ReadonlyArray<MaintenanceJob>;
}): Maintenance {
  const { db, logger } = options;
  const byName = new Map(options.jobs.map((job) => [job.name, job]));
  if (byName.size !== options.jobs.length) throw new Error('Maintenance job names must be unique');
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const run = async (job: MaintenanceJob): Promise<RunOutcome> => {
    if (stopped) return { ran: false, reason: 'stopped' };
    const started = performance.now();
    const outcome = runExclusive(db, job.name, job.run);
    running.add(outcome);
    try {
      const result = await outcome;
      if (result.ran) {
        logger.info(
          { job: job.name, ...result.result, ms: Math.round(performance.now() - started) },
          'maintenance job ran',
        );
      } else {
        logger.debug({ job: job.name }, 'maintenance job skipped: another node runs it');
      }
      return result;
    } finally {
      running.delete(outcome);
    }
  };

  const crons = options.jobs.map(
    (job) =>
      new Cron(
        job.schedule,
        {
          protect: true,
          unref: true,
          catch: (error: unknown) => logger.error({ err: error, job: job.name }, 'maintenance job failed'),
        },
        async () => {
          await run(job);
        },
      ),
  );

  return {
    runNow(name) {
      const job = byName.get(name);
      if (!job) throw new Error(`No maintenance job named ${name}`);
      return run(job);
    },
    async stop() {
      stopped = true;
      for (const cron of crons) cron.stop();
      await Promise.allSettled([...running]);
    },
  };
}
