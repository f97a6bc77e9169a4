import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { PgListener } from '../messages/delivery/listener.ts';

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
 * The marketplace's LISTEN connection on this node, not started yet: serving changes invalidate
 * the named installations. Others subscribe before `start()` (the deployment worker listens for
 * tenant changes on it), since channels are listened to when the connection opens.
 *
 * @example
 * const listener = servingListener(db.ownerUrl, logger, apps.runtime);
 * const worker = startDeploymentWorker({ market, owner: db.owner, listener, logger });
 * await listener.start();
 */
export function servingListener(url: string, logger: Logger, runtime: Invalidator): PgListener {
  const listener = new PgListener(url, logger.child({ area: 'marketplace' }));
  listener.on(SERVING_CHANNEL, (payload) => {
    const pairs = JSON.parse(payload) as Array<[string, string]>;
    for (const [tenantId, installationId] of pairs) runtime.invalidate(tenantId, installationId);
  });
  return listener;
}

/** A started `servingListener`, for a node that needs nothing else on the connection. */
export async function startServingEvents(
  url: string,
  logger: Logger,
  runtime: Invalidator,
): Promise<{ close(): Promise<void> }> {
  const listener = servingListener(url, logger, runtime);
  await listener.start();
  return { close: () => listener.close() };
}
