import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { requireVendorMember } from '../access.ts';
import type { Caller, MarketDb, MarketplacePorts } from '../ports.ts';

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Usage statistics for vendors, with no personal data. A request to an app's API marks the
 * (installation, day, visitor) once, where the visitor is an HMAC of the person id with a key
 * derived from the day: it counts a person once per day and cannot be turned back into an id, and
 * the marks are deleted when they are rolled up into per-installation daily counts.
 */
export class Usage {
  readonly #ports: MarketplacePorts;
  /** Marks this node has already written today, so a busy app costs one insert per person and day. */
  readonly #seen = new Set<string>();
  #seenDay = '';

  constructor(ports: MarketplacePorts) {
    this.#ports = ports;
  }

  async mark(tenantId: string, installationId: string, personId: string, at = new Date()): Promise<void> {
    const today = day(at);
    if (today !== this.#seenDay) {
      this.#seen.clear();
      this.#seenDay = today;
    }
    const key = `${installationId}/${personId}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const dayKey = createHmac('sha256', this.#ports.usageSecret).update(`usage:${today}`).digest();
    const visitor = createHmac('sha256', dayKey).update(personId).digest('base64url').slice(0, 22);
    const installation = await this.#ports.runtime.installation(tenantId, installationId);
    if (!installation) return;
    await this.#ports.db.withTenant(tenantId, (trx) =>
      trx
        .insertInto('market_usage_seen')
        .values({
          tenant_id: tenantId,
          installation_id: installationId,
          app_id: installation.appId,
          day: today,
          visitor,
        })
        .onConflict((oc) => oc.doNothing())
        .execute(),
    );
  }

  /** Rolls up usage now (tests; the platform runs `rollupUsage` as a maintenance job). */
  async rollup(now = new Date()): Promise<{ days: number; deleted: number }> {
    const result = await rollupUsage(this.#ports.db.owner, now);
    const counts = await this.#ports.runtime.installCounts();
    for (const [appId, count] of counts) {
      await this.#ports.db.owner
        .updateTable('market_apps')
        .set({ install_count: count })
        .where('app_id', '=', appId)
        .execute();
    }
    return result;
  }

  /** A vendor's statistics for one app: installations now, and daily active users per installation. */
  async forVendor(caller: Caller, appId: string, days = 30) {
    const db = this.#ports.db.app;
    const app = await db
      .selectFrom('market_apps')
      .select(['vendor_id', 'install_count'])
      .where('app_id', '=', appId)
      .executeTakeFirstOrThrow();
    await requireVendorMember(db, caller, app.vendor_id);
    const since = day(new Date(Date.now() - days * 86_400_000));
    const rows = await db
      .selectFrom('market_usage_daily')
      .select(['installation_id', sql<string>`day::text`.as('day'), 'active_users'])
      .where('app_id', '=', appId)
      .where('day', '>=', since)
      .orderBy('day')
      .execute();
    const byInstallation = new Map<string, Array<{ day: string; activeUsers: number }>>();
    for (const row of rows) {
      const list = byInstallation.get(row.installation_id) ?? [];
      list.push({ day: row.day, activeUsers: row.active_users });
      byInstallation.set(row.installation_id, list);
    }
    const counts = await this.#ports.runtime.installCounts([appId]);
    return {
      appId,
      installs: counts.get(appId) ?? 0,
      dailyActiveUsers: [...byInstallation].map(([installationId, series]) => ({ installationId, series })),
    };
  }
}

/**
 * Rolls the day marks up into per-installation daily counts (today's is refreshed on every run)
 * and deletes the marks of finished days. Platform-wide upkeep: run it on the owner handle.
 */
export async function rollupUsage(
  owner: MarketDb,
  now = new Date(),
): Promise<{ days: number; deleted: number }> {
  const up = await sql`
    INSERT INTO market_usage_daily (app_id, installation_id, day, active_users)
    SELECT app_id, installation_id, day, count(*) FROM market_usage_seen GROUP BY app_id, installation_id, day
    ON CONFLICT (app_id, installation_id, day) DO UPDATE SET active_users = excluded.active_users`.execute(
    owner,
  );
  const gone = await sql`DELETE FROM market_usage_seen WHERE day < ${day(now)}::date`.execute(owner);
  return { days: Number(up.numAffectedRows ?? 0), deleted: Number(gone.numAffectedRows ?? 0) };
}
