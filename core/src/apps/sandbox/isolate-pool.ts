import ivm from 'isolated-vm';
import { BOOTSTRAP_SPECIFIER, GUEST_BOOTSTRAP } from './guest-runtime.ts';
import type { IsolateSpec, SandboxLimits } from './protocol.ts';

/** `__cbInvoke` of the bootstrap: takes the invocation JSON and a host-call reference, resolves to JSON. */
export type Invoke = (invocationJson: string, hostCall: ivm.Reference<HostCallFn>) => Promise<string>;
export type HostCallFn = (method: string, argsJson: string) => Promise<string>;

/** One installation's isolate: its context, the guest's dispatch function, and its bookkeeping. */
export interface WarmIsolate {
  spec: IsolateSpec;
  isolate: ivm.Isolate;
  context: ivm.Context;
  invoke: ivm.Reference<Invoke>;
  lastUsed: number;
  inflight: number;
  /** Set after a timeout, a blown budget or a deadline: disposed once its calls have ended. */
  poisoned: boolean;
}

interface CompiledBundle {
  source: string;
  cachedData: ivm.ExternalCopy<ArrayBuffer> | undefined;
}

/**
 * The isolates of one worker process, one per installation, created lazily and kept under a
 * least-recently-used cap. A Map keeps insertion order, so re-inserting on use makes the first
 * key the least recently used.
 */
export class IsolatePool {
  readonly #warm = new Map<string, WarmIsolate>();
  readonly #creating = new Map<string, Promise<WarmIsolate>>();
  readonly #bundles = new Map<string, CompiledBundle>();
  readonly #limits: SandboxLimits;
  readonly #warmCap: number;
  readonly #loadBundle: (spec: IsolateSpec) => Promise<string>;

  constructor(options: {
    limits: SandboxLimits;
    warmCap: number;
    loadBundle: (spec: IsolateSpec) => Promise<string>;
  }) {
    this.#limits = options.limits;
    this.#warmCap = options.warmCap;
    this.#loadBundle = options.loadBundle;
  }

  get size(): number {
    return this.#warm.size;
  }

  /** The warm isolate of an installation, or a new one; `cold` says whether it was created now. */
  async acquire(spec: IsolateSpec): Promise<{ entry: WarmIsolate; cold: boolean }> {
    const existing = this.#warm.get(spec.installationId);
    if (
      existing &&
      !existing.isolate.isDisposed &&
      !existing.poisoned &&
      existing.spec.versionId === spec.versionId
    ) {
      this.#warm.delete(spec.installationId);
      this.#warm.set(spec.installationId, existing);
      existing.lastUsed = Date.now();
      existing.inflight++;
      return { entry: existing, cold: false };
    }
    if (existing) this.#retire(existing);
    let pending = this.#creating.get(spec.installationId);
    if (!pending) {
      pending = this.#create(spec).finally(() => this.#creating.delete(spec.installationId));
      this.#creating.set(spec.installationId, pending);
    }
    const entry = await pending;
    entry.inflight++;
    return { entry, cold: true };
  }

  /** Marks a call as ended; disposes a poisoned isolate once it has no calls left. */
  release(entry: WarmIsolate): void {
    entry.inflight--;
    entry.lastUsed = Date.now();
    if (entry.poisoned && entry.inflight <= 0) this.#retire(entry);
  }

  /** Removes an installation's isolate (disable, uninstall, upgrade). */
  dispose(installationId: string): void {
    const entry = this.#warm.get(installationId);
    if (entry) {
      entry.poisoned = true;
      if (entry.inflight <= 0) this.#retire(entry);
    }
  }

  /** Disposes isolates unused for `idleMs`. */
  sweep(idleMs: number): void {
    const cutoff = Date.now() - idleMs;
    for (const entry of [...this.#warm.values()]) {
      if (entry.inflight <= 0 && entry.lastUsed < cutoff) this.#retire(entry);
    }
  }

  async heapBytes(): Promise<number> {
    let total = 0;
    for (const entry of this.#warm.values()) {
      if (entry.isolate.isDisposed) continue;
      const stats = await entry.isolate.getHeapStatistics().catch(() => null);
      if (stats) total += stats.total_heap_size + stats.externally_allocated_size;
    }
    return total;
  }

  disposeAll(): void {
    for (const entry of [...this.#warm.values()]) this.#retire(entry);
  }

  #retire(entry: WarmIsolate): void {
    if (this.#warm.get(entry.spec.installationId) === entry) this.#warm.delete(entry.spec.installationId);
    entry.invoke.release();
    if (!entry.isolate.isDisposed) entry.isolate.dispose();
  }

  #evictOverCap(): void {
    for (const entry of this.#warm.values()) {
      if (this.#warm.size < this.#warmCap) return;
      if (entry.inflight <= 0) this.#retire(entry);
    }
  }

  async #bundle(spec: IsolateSpec): Promise<CompiledBundle> {
    const cached = this.#bundles.get(spec.bundleDigest);
    if (cached) return cached;
    const bundle: CompiledBundle = { source: await this.#loadBundle(spec), cachedData: undefined };
    this.#bundles.set(spec.bundleDigest, bundle);
    // A worker serves many versions over its life; keep the compiled code of the recent ones.
    if (this.#bundles.size > 64) {
      const oldest = this.#bundles.keys().next().value;
      if (oldest !== undefined) this.#bundles.delete(oldest);
    }
    return bundle;
  }

  async #create(spec: IsolateSpec): Promise<WarmIsolate> {
    const bundle = await this.#bundle(spec);
    this.#evictOverCap();
    const isolate = new ivm.Isolate({ memoryLimit: this.#limits.memoryMb });
    try {
      const context = await isolate.createContext();
      const module = await isolate.compileModule(bundle.source, {
        filename: `app:${spec.versionId}.js`,
        ...(bundle.cachedData ? { cachedData: bundle.cachedData } : { produceCachedData: true }),
      });
      const produced = (module as ivm.Module & ivm.CachedDataResult).cachedData;
      if (!bundle.cachedData && produced) bundle.cachedData = produced;
      const bootstrap = await isolate.compileModule(GUEST_BOOTSTRAP, { filename: 'campusbase:bootstrap' });
      const refuse = (specifier: string): never => {
        throw new Error(`An app bundle may import nothing; "${specifier}" must be bundled in.`);
      };
      await module.instantiate(context, refuse);
      await bootstrap.instantiate(context, (specifier) =>
        specifier === BOOTSTRAP_SPECIFIER ? module : refuse(specifier),
      );
      await bootstrap.evaluate({ timeout: this.#limits.callTimeoutMs });
      const invoke = (await context.global.get('__cbInvoke', { reference: true })) as ivm.Reference<Invoke>;
      await context.global.delete('__cbInvoke');
      const entry: WarmIsolate = {
        spec,
        isolate,
        context,
        invoke,
        lastUsed: Date.now(),
        inflight: 0,
        poisoned: false,
      };
      this.#warm.set(spec.installationId, entry);
      return entry;
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }
}
