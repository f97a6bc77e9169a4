import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { purgeExpiredPayloads } from './adapter.ts';
import { ensureSigningKeys, keySetVersion, loadKeySet, rotateIfDue } from './keys.ts';
import { buildProvider, type OidcProviderDeps } from './provider.ts';
import type { Sealer } from '../sealed.ts';

export interface OidcHost {
  /** The provider built on the current key set (built on first use). */
  provider(): Promise<Provider>;
  /** The provider's Node request handler. */
  handler(): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>>;
  /** Reloads the keys when they changed (a rotation here or on another node). */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Holds the provider and swaps it when the signing keys change. oidc-provider takes its keys at
 * construction, and all its state lives in PostgreSQL and in cookies signed with a key derived
 * from the platform secret, so a rebuilt provider carries on every session and token in flight.
 * Every node checks the key set each minute, so a rotation made anywhere reaches all nodes.
 */
export function createOidcHost(
  deps: OidcProviderDeps & { keySealer: Sealer; checkEveryMs?: number },
): OidcHost {
  interface Built {
    version: string;
    provider: Provider;
    handler: ReturnType<Provider['callback']>;
  }
  let current: Built | null = null;
  let building: Promise<Built> | null = null;

  async function build(): Promise<Built> {
    await ensureSigningKeys(deps.db, deps.keySealer);
    await rotateIfDue(deps.db, deps.keySealer);
    const set = await loadKeySet(deps.db, deps.keySealer);
    const provider = buildProvider(deps, set.keys);
    const built: Built = { version: set.version, provider, handler: provider.callback() };
    current = built;
    return built;
  }

  async function ready(): Promise<Built> {
    if (current) return current;
    building ??= build().finally(() => {
      building = null;
    });
    return building;
  }

  const timer = setInterval(() => {
    void host.refresh().catch((error) => deps.logger.warn({ err: error }, 'oidc key refresh failed'));
    void purgeExpiredPayloads(deps.db).catch(() => undefined);
  }, deps.checkEveryMs ?? 60_000);
  timer.unref();

  const host: OidcHost = {
    provider: async () => (await ready()).provider,
    handler: async () => (await ready()).handler,
    async refresh() {
      if (!current) return;
      if ((await keySetVersion(deps.db)) !== current.version) await build();
    },
    stop: () => clearInterval(timer),
  };
  return host;
}
