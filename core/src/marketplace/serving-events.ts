import { type Kysely, sql } from 'kysely';
import { AppRuntime } from '../apps/runtime.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { PgListener } from '../messages/delivery/listener.ts';
import { type DeploymentWorker, startDeploymentWorker, workerMarketplace } from './deployments.ts';

/** The channel on which a serving change (suspend, unsuspend, approval) reaches every node. */
export const SERVING_CHANNEL = 'cb_market_serving';

/** The part of the app runtime a node invalidates: its binding cache and warm isolate. */
export interface Invalidator {
  invalidate(tenantId: string, installationId: string): void;
}

/**
 * Tells every node (this one too) to drop its cached bindings and warm isolates of these
 * installations, so a suspension holds from the next call on every node, not after the 5 s cache.
 * NOTIFY payloads are limited to 8 kB, so the list goes in chunks.
 */
export async function announceServing(
  owner: Kysely<Database>,
  installations: ReadonlyArray<{ tenantId: string; installationId: string }>,
): Promise<void> {
  for (let i = 0; i < installations.length; i += 80) {
    const chunk = installations.slice(i, i + 80).map((x) => [x.tenantId, x.installationId]);
    await sql`SELECT pg_notify(${SERVING_CHANNEL}, ${JSON.stringify(chunk)})`.execute(owner);
  }
}

/**
 * The marketplace's listener on this node: serving changes invalidate the named installations.
 * Given the node's `AppRuntime` (as `platform.ts` does), it also runs the deployment worker on the
 * same connection: bureau deployments reach schools created or moved under the bureau later
 * (tenant changes, and a sweep every 10 minutes).
 *
 * @example
 * const events = await startServingEvents(db.ownerUrl, logger, apps.runtime);
 * cleanup.push(() => events.close());
 */
export async function startServingEvents(
  url: string,
  logger: Logger,
  runtime: Invalidator,
): Promise<{ deployments: DeploymentWorker | null; close(): Promise<void> }> {
  const listener = new PgListener(url, logger.child({ area: 'marketplace' }));
  listener.on(SERVING_CHANNEL, (payload) => {
    const pairs = JSON.parse(payload) as Array<[string, string]>;
    for (const [tenantId, installationId] of pairs) runtime.invalidate(tenantId, installationId);
  });
  const worker =
    runtime instanceof AppRuntime
      ? startDeploymentWorker({
          market: workerMarketplace(runtime, logger.child({ area: 'marketplace' })),
          owner: runtime.owner,
          listener,
          logger: logger.child({ area: 'marketplace' }),
        })
      : null;
  try {
    await listener.start();
  } catch (error) {
    await worker?.close();
    throw error;
  }
  return {
    deployments: worker,
    async close() {
      await worker?.close();
      await listener.close();
    },
  };
}
