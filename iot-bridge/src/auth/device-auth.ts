import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TenantDirectory } from '../ports.ts';
import { verifyDeviceSecret } from '../secrets.ts';
import type { IotTables } from '../tables.ts';
import { devicePrefix, isUnder } from '../topics.ts';
import { isUuid } from '../uuid.ts';

export type MqttPrincipal =
  | { kind: 'device'; deviceId: string; tenantId: string; tenantCode: string }
  | { kind: 'bridge' };

export interface DeviceAuthorityOptions {
  owner: Kysely<IotTables>;
  tenants: TenantDirectory;
  /** The platform's own MQTT account (the bridge): reads every `up/`, writes every `down/`. */
  bridge: { username: string; password: string };
  cacheMs?: number;
}

interface CachedDevice {
  tenantId: string;
  tenantCode: string;
  secretHash: string;
  active: boolean;
  at: number;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Decides who may connect and which topics they may use, from the device registry. The embedded
 * broker's hooks and the EMQX HTTP hooks both ask it, so every broker enforces the same rules:
 * a device publishes only under `cb/{tenantCode}/{deviceId}/up/…` and subscribes only to its own
 * `down/`.
 */
export function createDeviceAuthority(options: DeviceAuthorityOptions) {
  const cacheMs = options.cacheMs ?? 10_000;
  const cache = new Map<string, CachedDevice>();

  async function lookup(deviceId: string): Promise<CachedDevice | undefined> {
    const hit = cache.get(deviceId);
    if (hit && Date.now() - hit.at < cacheMs) return hit;
    const row = await options.owner
      .selectFrom('iot_devices')
      .select(['tenant_id', 'secret_hash', 'status'])
      .where('id', '=', deviceId)
      .executeTakeFirst();
    if (!row) {
      cache.delete(deviceId);
      return undefined;
    }
    const tenant = await options.tenants.byId(row.tenant_id);
    if (!tenant) return undefined;
    const entry = {
      tenantId: row.tenant_id,
      tenantCode: tenant.code,
      secretHash: row.secret_hash,
      active: row.status === 'active',
      at: Date.now(),
    };
    cache.set(deviceId, entry);
    return entry;
  }

  return {
    async authenticate(
      username: string | undefined,
      password: string | undefined,
    ): Promise<MqttPrincipal | null> {
      if (!username || password === undefined) return null;
      if (username === options.bridge.username) {
        return sameText(password, options.bridge.password) ? { kind: 'bridge' } : null;
      }
      if (!isUuid(username)) return null;
      const device = await lookup(username.toLowerCase());
      if (!device?.active || !verifyDeviceSecret(password, device.secretHash)) return null;
      return {
        kind: 'device',
        deviceId: username.toLowerCase(),
        tenantId: device.tenantId,
        tenantCode: device.tenantCode,
      };
    },

    /**
     * The principal of an already-authenticated username (the EMQX ACL hook sees no password).
     * An unknown or disabled device has none.
     */
    async principalFor(username: string | undefined): Promise<MqttPrincipal | null> {
      if (!username) return null;
      if (username === options.bridge.username) return { kind: 'bridge' };
      if (!isUuid(username)) return null;
      const device = await lookup(username.toLowerCase());
      if (!device?.active) return null;
      return {
        kind: 'device',
        deviceId: username.toLowerCase(),
        tenantId: device.tenantId,
        tenantCode: device.tenantCode,
      };
    },

    canPublish(principal: MqttPrincipal, topic: string): boolean {
      if (principal.kind === 'bridge') return /^cb\/[^/+#]+\/[^/+#]+\/down\/[^+#]+$/.test(topic);
      return isUnder(topic, `${devicePrefix(principal.tenantCode, principal.deviceId)}/up`);
    },

    canSubscribe(principal: MqttPrincipal, topic: string): boolean {
      if (principal.kind === 'bridge') return /^(\$share\/[^/+#]+\/)?cb\/\+\/\+\/up\/#$/.test(topic);
      const own = `${devicePrefix(principal.tenantCode, principal.deviceId)}/down`;
      return topic === `${own}/#` || topic === `${own}/+` || isUnder(topic, own);
    },

    /** Drops a device from the cache after a change in the registry. */
    forget(deviceId: string): void {
      cache.delete(deviceId);
    },
  };
}

export type DeviceAuthority = ReturnType<typeof createDeviceAuthority>;
