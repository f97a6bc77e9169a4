import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isDomainError } from '@campusbase/plugin-sdk/errors';
import type { Logger } from '../../logger.ts';
import type {
  IsolateSpec,
  MainToWorker,
  SandboxFailure,
  SandboxLimits,
  WireErrorShape,
  WorkerOptions,
  WorkerToMain,
} from './protocol.ts';

const workerEntry = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** A call that failed inside the sandbox: why, and the error the guest (or the limit) produced. */
export class SandboxCallError extends Error {
  readonly failure: SandboxFailure;
  readonly shape: WireErrorShape;
  readonly cpuMs: number;
  constructor(failure: SandboxFailure, shape: WireErrorShape, cpuMs = 0) {
    super(shape.message.en);
    this.name = 'SandboxCallError';
    this.failure = failure;
    this.shape = shape;
    this.cpuMs = cpuMs;
  }
}

export interface SupervisorOptions<B> {
  workers: number;
  limits: SandboxLimits;
  /** Warm isolates across all workers; each worker keeps its share. */
  warmCap: number;
  idleMs: number;
  logger: Logger;
  /** The bundle source of an app version. */
  loadBundle(versionId: string, bundleDigest: string): Promise<string>;
  /**
   * Runs one capability call of a guest (`collections.get`, …). `binding` is what the caller of
   * `invoke` passed: the tenant and the installation come from it, never from the guest. `args` is
   * untrusted JSON. Throw domain errors to refuse.
   */
  hostCall(binding: B, method: string, args: unknown): Promise<unknown>;
}

export interface Invocation<B> {
  spec: IsolateSpec;
  /** The SDK `Invocation` (route, event, job, hook), or `{ kind: 'describe' }`. */
  invocation: unknown;
  binding: B;
}

export interface InvocationOutcome {
  value: unknown;
  cpuMs: number;
  cold: boolean;
}

interface Pending<B> {
  worker: WorkerSlot;
  binding: B;
  resolve(outcome: InvocationOutcome): void;
  reject(error: SandboxCallError): void;
  backstop: NodeJS.Timeout;
}

interface WorkerSlot {
  index: number;
  child: ChildProcess | null;
  ready: Promise<void> | null;
  startedAt: number;
  crashes: number;
}

/**
 * Runs sandbox worker processes and routes each installation to one of them (by a hash of its
 * id, so its isolate stays warm there). A worker that exits is restarted; its calls in flight fail
 * with `worker_crashed`, and the other workers' schools do not notice.
 *
 * @example
 * const supervisor = new SandboxSupervisor({ workers: 2, limits: defaultLimits, warmCap: 300, idleMs: 600_000,
 *   logger, loadBundle, hostCall: (binding, cap, method, args) => capabilities.handle(binding, cap, method, args) });
 * await supervisor.start();
 * const { value } = await supervisor.invoke({ spec, kind: 'route', payload, binding });
 */
export class SandboxSupervisor<B> {
  readonly #options: SupervisorOptions<B>;
  readonly #slots: WorkerSlot[];
  readonly #pending = new Map<number, Pending<B>>();
  readonly #statsWaiters = new Map<number, (stats: { warm: number; heapBytes: number }) => void>();
  #nextId = 1;
  #stopping = false;

  constructor(options: SupervisorOptions<B>) {
    this.#options = options;
    this.#slots = Array.from({ length: Math.max(1, options.workers) }, (_, index) => ({
      index,
      child: null,
      ready: null,
      startedAt: 0,
      crashes: 0,
    }));
  }

  async start(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => this.#spawn(slot)));
  }

  /** Runs one call in the installation's isolate. Rejects with SandboxCallError. */
  async invoke(invocation: Invocation<B>): Promise<InvocationOutcome> {
    if (this.#stopping) {
      throw new SandboxCallError(
        'unavailable',
        unavailable('The app runtime is stopping.', '应用运行环境正在停止'),
      );
    }
    const slot = this.#slotFor(invocation.spec.installationId);
    if (!slot.child || !slot.ready) await this.#spawn(slot);
    await slot.ready;
    const child = slot.child;
    if (!child?.connected) {
      throw new SandboxCallError(
        'unavailable',
        unavailable('The app runtime is restarting.', '应用运行环境正在重启'),
      );
    }
    const id = this.#nextId++;
    return new Promise<InvocationOutcome>((resolve, reject) => {
      // The worker enforces the deadline itself; this backstop only fires if the worker is stuck.
      const backstop = setTimeout(() => {
        this.#options.logger.error({ worker: slot.index }, 'sandbox worker unresponsive; killing it');
        child.kill('SIGKILL');
      }, this.#options.limits.deadlineMs + 5000);
      this.#pending.set(id, { worker: slot, binding: invocation.binding, resolve, reject, backstop });
      this.#send(slot, {
        type: 'invoke',
        id,
        spec: invocation.spec,
        invocation: JSON.stringify(invocation.invocation),
      });
    });
  }

  /** Drops an installation's isolate (disabled, uninstalled, upgraded). */
  dispose(installationId: string): void {
    const slot = this.#slotFor(installationId);
    this.#send(slot, { type: 'dispose', installationId });
  }

  /** The pid of the worker an installation runs in (tests kill it to prove recovery). */
  workerPid(installationId: string): number | undefined {
    return this.#slotFor(installationId).child?.pid;
  }

  /** Warm isolates and their heap, summed over the workers. */
  async stats(): Promise<{ workers: number; warm: number; heapBytes: number; pids: number[] }> {
    const replies = await Promise.all(
      this.#slots.map(async (slot) => {
        await slot.ready;
        const requestId = this.#nextId++;
        return new Promise<{ warm: number; heapBytes: number }>((resolve) => {
          this.#statsWaiters.set(requestId, resolve);
          this.#send(slot, { type: 'stats', requestId });
        });
      }),
    );
    return {
      workers: this.#slots.length,
      warm: replies.reduce((sum, r) => sum + r.warm, 0),
      heapBytes: replies.reduce((sum, r) => sum + r.heapBytes, 0),
      pids: this.#slots.map((slot) => slot.child?.pid ?? 0),
    };
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(
      this.#slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            const child = slot.child;
            if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            if (child.connected) child.disconnect();
            else child.kill('SIGKILL');
          }),
      ),
    );
  }

  #slotFor(installationId: string): WorkerSlot {
    let hash = 0;
    for (let i = 0; i < installationId.length; i++) hash = (hash * 31 + installationId.charCodeAt(i)) | 0;
    return this.#slots[Math.abs(hash) % this.#slots.length]!;
  }

  #send(slot: WorkerSlot, message: MainToWorker): void {
    if (slot.child?.connected) slot.child.send(message);
  }

  #spawn(slot: WorkerSlot): Promise<void> {
    if (slot.ready && slot.child) return slot.ready;
    const workerOptions: WorkerOptions = {
      limits: this.#options.limits,
      warmCap: Math.max(1, Math.ceil(this.#options.warmCap / this.#slots.length)),
      idleMs: this.#options.idleMs,
    };
    // The worker gets no secrets: only what it needs to find Node and its options.
    const child = fork(workerEntry, [], {
      execArgv: ['--no-node-snapshot', '--disable-warning=ExperimentalWarning'],
      serialization: 'advanced',
      env: { PATH: process.env.PATH ?? '', CB_SANDBOX_OPTIONS: JSON.stringify(workerOptions) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    slot.child = child;
    slot.startedAt = Date.now();
    slot.ready = new Promise<void>((resolve, reject) => {
      const onEarlyExit = (code: number | null) =>
        reject(new Error(`sandbox worker ${slot.index} exited during start (code ${code})`));
      child.once('exit', onEarlyExit);
      child.on('message', (message: WorkerToMain) => {
        if (message.type === 'ready') {
          child.off('exit', onEarlyExit);
          resolve();
          return;
        }
        this.#onMessage(slot, message);
      });
    });
    child.once('exit', (code, signal) => this.#onExit(slot, child, code, signal));
    return slot.ready;
  }

  #onExit(slot: WorkerSlot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = null;
    slot.ready = null;
    for (const [id, pending] of this.#pending) {
      if (pending.worker !== slot) continue;
      this.#pending.delete(id);
      clearTimeout(pending.backstop);
      pending.reject(
        new SandboxCallError('worker_crashed', {
          code: 'app_worker_crashed',
          status: 503,
          message: {
            zh: '应用运行进程意外退出，本次调用失败，请重试',
            en: 'The app runtime process stopped during this call; try again.',
          },
        }),
      );
    }
    if (this.#stopping) return;
    const quick = Date.now() - slot.startedAt < 10_000;
    slot.crashes = quick ? slot.crashes + 1 : 0;
    const delay = Math.min(5000, slot.crashes * 250);
    this.#options.logger.warn(
      { worker: slot.index, code, signal, restartInMs: delay },
      'sandbox worker exited',
    );
    setTimeout(() => {
      if (!this.#stopping && !slot.child) {
        this.#spawn(slot).catch((error) =>
          this.#options.logger.error({ err: error, worker: slot.index }, 'sandbox worker restart failed'),
        );
      }
    }, delay).unref();
  }

  #onMessage(slot: WorkerSlot, message: WorkerToMain): void {
    switch (message.type) {
      case 'result': {
        const pending = this.#pending.get(message.id);
        if (!pending || pending.worker !== slot) return;
        this.#pending.delete(message.id);
        clearTimeout(pending.backstop);
        if (message.ok) {
          const envelope = JSON.parse(message.outcome) as
            | { ok: true; value: unknown }
            | { ok: false; error: WireErrorShape };
          if (envelope.ok)
            pending.resolve({ value: envelope.value, cpuMs: message.cpuMs, cold: message.cold });
          else pending.reject(new SandboxCallError('guest_error', envelope.error, message.cpuMs));
        } else {
          pending.reject(new SandboxCallError(message.failure, message.error, message.cpuMs));
        }
        return;
      }
      case 'need-bundle':
        this.#options.loadBundle(message.versionId, message.bundleDigest).then(
          (source) => this.#send(slot, { type: 'bundle', requestId: message.requestId, source }),
          (error: Error) =>
            this.#send(slot, {
              type: 'bundle',
              requestId: message.requestId,
              source: null,
              error: error.message,
            }),
        );
        return;
      case 'host-call':
        void this.#hostCall(slot, message);
        return;
      case 'stats':
        this.#statsWaiters.get(message.requestId)?.({ warm: message.warm, heapBytes: message.heapBytes });
        this.#statsWaiters.delete(message.requestId);
        return;
      case 'ready':
        return;
    }
  }

  async #hostCall(slot: WorkerSlot, message: Extract<WorkerToMain, { type: 'host-call' }>): Promise<void> {
    const pending = this.#pending.get(message.invocationId);
    let outcome: string;
    // Only a call still in flight on this very worker may use capabilities, bound as its caller set it.
    if (!pending || pending.worker !== slot) {
      outcome = JSON.stringify({ ok: false, error: ended });
    } else {
      try {
        const value = await this.#options.hostCall(pending.binding, message.method, JSON.parse(message.args));
        outcome = JSON.stringify({ ok: true, value: value ?? null });
      } catch (error) {
        outcome = JSON.stringify({ ok: false, error: toWireError(error) });
      }
    }
    this.#send(slot, { type: 'host-result', callId: message.callId, outcome });
  }
}

const ended: WireErrorShape = {
  status: 403,
  code: 'app_call_ended',
  message: { zh: '本次调用已结束', en: 'This call has ended.' },
};

function unavailable(en: string, zh: string): WireErrorShape {
  return { status: 503, code: 'app_runtime_unavailable', message: { zh, en } };
}

/** A host-side error as the guest sees it: domain errors keep their texts; others reveal nothing. */
export function toWireError(error: unknown): WireErrorShape {
  if (isDomainError(error)) {
    return {
      status: error.status,
      code: error.code,
      message: { zh: error.text.zh, en: error.text.en },
      ...(error.details !== undefined ? { details: error.details } : {}),
    };
  }
  if (error instanceof SyntaxError) {
    return {
      status: 400,
      code: 'invalid_input',
      message: { zh: '调用参数不是合法 JSON', en: 'Arguments are not JSON' },
    };
  }
  return {
    status: 500,
    code: 'host_error',
    message: { zh: '平台未能完成此调用', en: 'The platform could not complete this call.' },
  };
}
