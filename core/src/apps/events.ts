import type { AppEvent } from '@campusbase/plugin-sdk';
import { createScopeGrant } from '@campusbase/plugin-sdk/protocol';
import { sql } from 'kysely';
import { withTenant } from '../db/tenant-scope.ts';
import type { InstallationBinding } from './binding.ts';
import type { AppRuntime } from './runtime.ts';

/** A device event as the IoT bridge hands it over (its `EventSink` port). */
export interface DeviceEventInput {
  id: string;
  tenantId: string;
  deviceId: string;
  type: string;
  ts: Date;
  data: Record<string, unknown>;
}

/** The scope an event type needs before it is delivered to an installation. */
export function scopeForEvent(type: string): string | null {
  if (type.startsWith('iot:')) return `iot:events:${type.slice(4)}`;
  if (type === 'org.changed') return 'org:read';
  if (type === 'people.changed') return 'people:read:basic';
  return null;
}

/**
 * Delivers events to the installations of a school that subscribed to their type, in batches of
 * the subscription's `batchSize` (default 100, at most 1000), one batch after another per
 * installation. An installation that has not been granted the event's scope gets nothing. A
 * failing app is contained and audited by the runtime; it does not hold up the others, and its
 * events are not retried (the bridge retries only when the platform itself failed).
 *
 * It implements the IoT bridge's `EventSink` port: `deliver(events)`.
 */
export class EventDispatcher {
  readonly #runtime: AppRuntime;
  readonly #chains = new Map<string, Promise<void>>();

  constructor(runtime: AppRuntime) {
    this.#runtime = runtime;
  }

  /** The IoT bridge's EventSink: device events of any schools, as stored. */
  async deliver(events: ReadonlyArray<DeviceEventInput>): Promise<void> {
    const groups = new Map<string, { tenantId: string; type: string; events: AppEvent[] }>();
    for (const event of events) {
      const type = `iot:${event.type}`;
      const key = `${event.tenantId}|${type}`;
      const group = groups.get(key) ?? { tenantId: event.tenantId, type, events: [] };
      group.events.push({
        id: event.id,
        type,
        occurredAt: event.ts.toISOString(),
        deviceId: event.deviceId,
        data: event.data as AppEvent['data'],
      });
      groups.set(key, group);
    }
    await Promise.all([...groups.values()].map((g) => this.publish(g.tenantId, g.type, g.events)));
  }

  /** Delivers events of one type in one school; resolves when every subscriber has had them. */
  async publish(tenantId: string, type: string, events: ReadonlyArray<AppEvent>): Promise<number> {
    if (events.length === 0) return 0;
    const subscribers = await this.#subscribers(tenantId, type);
    await Promise.all(
      subscribers.map(({ binding, batchSize }) => this.#enqueue(binding, type, events, batchSize)),
    );
    return subscribers.length;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.#chains.values()]);
  }

  async #subscribers(tenantId: string, type: string) {
    const rows = await withTenant(this.#runtime.db, tenantId, (trx) =>
      trx
        .selectFrom('app_installations as i')
        .innerJoin('app_versions as v', 'v.id', 'i.version_id')
        .select(['i.id'])
        .where('i.tenant_id', '=', tenantId)
        .where('i.status', '=', 'enabled')
        .where(sql<boolean>`v.manifest -> 'events' @> ${JSON.stringify([{ type }])}::jsonb`)
        .execute(),
    );
    const scope = scopeForEvent(type);
    const result: Array<{ binding: InstallationBinding; batchSize: number }> = [];
    for (const row of rows) {
      const binding = await this.#runtime.binding(tenantId, row.id);
      if (binding?.status !== 'enabled' || !binding.bundleDigest) continue;
      const grant = createScopeGrant({ manifest: binding.manifest, approvedScopes: binding.approvedScopes });
      if (scope && !grant.has(scope)) continue;
      const declared = binding.manifest.events?.find((e) => e.type === type);
      result.push({ binding, batchSize: Math.min(Math.max(declared?.batchSize ?? 100, 1), 1000) });
    }
    return result;
  }

  #enqueue(binding: InstallationBinding, type: string, events: ReadonlyArray<AppEvent>, batchSize: number) {
    const key = binding.installationId;
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (let i = 0; i < events.length; i += batchSize) {
        const batch = events.slice(i, i + batchSize);
        const caller = {
          user: null,
          personId: null,
          requestId: crypto.randomUUID(),
          locale: 'zh-CN' as const,
        };
        await this.#runtime
          .invoke(
            binding,
            { kind: 'event', type, events: batch, context: this.#runtime.context(binding, caller) },
            { personId: null, requestId: caller.requestId, trigger: `event ${type}` },
          )
          .catch((error) =>
            this.#runtime.logger.warn(
              { err: error, installationId: key, type, events: batch.length },
              'event delivery failed',
            ),
          );
      }
    });
    const settled = next.finally(() => {
      if (this.#chains.get(key) === settled) this.#chains.delete(key);
    });
    this.#chains.set(key, settled);
    return next;
  }
}
