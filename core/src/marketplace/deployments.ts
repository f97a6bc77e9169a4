import type { Marketplace } from '@campusbase/marketplace';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { PgListener } from '../messages/delivery/listener.ts';

/** Tenants created, moved or reactivated (trigger `cb_notify_tenants_changed`): `t:<ids>` or `*`. */
export const TENANT_CHANNEL = 'cb_tenant_changes';
const LOCK = 'cb:marketplace:deployments';

export interface DeploymentWorker {
  /** Reconciles now (the schools under the given tenant paths, or all) and resolves when done. */
  reconcile(under?: ReadonlyArray<string>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Installs bureau deployments (统一部署) in schools that came after them: on every tenant change
 * (NOTIFY at commit, whoever created or moved the tenant), after the LISTEN connection comes back
 * (notifications are not queued for a listener that is gone), at start, and every `intervalMs`.
 * Runs hold a PostgreSQL advisory lock, so nodes take turns; a run on a tenant change waits for
 * its turn, a periodic run skips when another node is at it. Reconciling is idempotent.
 *
 * `market` is the node's marketplace with its runtime and its messenger on the message centre: each
 * school that gets an app this way has its admins told (an in-app notice per installation). Call it
 * before `listener.start()` (the tenant channel is listened to when the connection opens), and
 * close it before the listener.
 *
 * @example
 * const listener = servingListener(db.ownerUrl, logger, apps.runtime);
 * const market = buildMarketplace({ db, logger, secret, apps, messages });
 * const worker = startDeploymentWorker({ market, owner: db.owner, listener, logger });
 * await listener.start();
 * cleanup.push(() => listener.close(), () => worker.close()); // undone in reverse
 */
export function startDeploymentWorker(options: {
  market: Marketplace;
  owner: Kysely<Database>;
  listener: PgListener;
  logger: Logger;
  intervalMs?: number;
}): DeploymentWorker {
  const { market, owner, logger } = options;
  let closed = false;
  let running: Promise<void> | null = null;
  // What the next run covers: every school, or the subtrees of these tenant paths.
  let pending: { all: boolean; under: Set<string>; wait: boolean } | null = null;

  const runOnce = async (all: boolean, under: string[], wait: boolean) => {
    await owner.transaction().execute(async (trx) => {
      const key = sql`hashtextextended(${LOCK}, 0)`;
      if (wait) await sql`SELECT pg_advisory_xact_lock(${key})`.execute(trx);
      else {
        const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${key}) AS ok`.execute(
          trx,
        );
        if (!rows[0]?.ok) return;
      }
      const outcomes = await market.hierarchy.deployments.reconcile(all ? {} : { under });
      const installed = outcomes.reduce((n, o) => n + o.installed, 0);
      const failed = outcomes.flatMap((o) => o.failed.map((f) => ({ appId: o.appId, ...f })));
      if (installed > 0 || failed.length > 0)
        logger.info({ installed, failed, deployments: outcomes.length }, 'bureau deployments reconciled');
      const unnotified = outcomes.flatMap((o) =>
        o.unnotified.map((schoolId) => ({ appId: o.appId, schoolId })),
      );
      if (unnotified.length > 0)
        logger.warn({ unnotified }, 'deployed apps installed, but the school admins were not notified');
    });
  };

  const drain = async () => {
    while (pending && !closed) {
      const next = pending;
      pending = null;
      await runOnce(next.all, [...next.under], next.wait).catch((error) =>
        logger.error({ err: error }, 'reconciling bureau deployments failed; the next run retries'),
      );
    }
  };

  const schedule = (scope: { all: true } | { under: ReadonlyArray<string> }, wait = true) => {
    if (closed) return Promise.resolve();
    pending ??= { all: false, under: new Set(), wait: false };
    pending.wait ||= wait;
    if ('all' in scope) pending.all = true;
    else for (const path of scope.under) pending.under.add(path);
    running ??= drain().finally(() => {
      running = null;
    });
    return running;
  };

  const onTenants = async (payload: string) => {
    if (payload === '*') return schedule({ all: true });
    const ids = payload.replace(/^t:/, '').split(',').filter(Boolean);
    const rows = await owner.selectFrom('tenants').select('path').where('id', 'in', ids).execute();
    if (rows.length > 0) await schedule({ under: rows.map((r) => r.path) });
  };
  const offTenants = options.listener.on(TENANT_CHANNEL, (payload) => {
    onTenants(payload).catch((error) => logger.error({ err: error }, 'tenant change not handled'));
  });
  const offReconnect = options.listener.onReconnect(() => void schedule({ all: true }));
  const timer = setInterval(() => void schedule({ all: true }, false), options.intervalMs ?? 10 * 60_000);
  timer.unref();
  void schedule({ all: true }, false);

  return {
    async reconcile(under) {
      await (under ? schedule({ under }) : schedule({ all: true }));
      // A run already in flight when this was asked may have missed it: wait for the one after.
      if (running) await running;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      offTenants();
      offReconnect();
      await running;
    },
  };
}
