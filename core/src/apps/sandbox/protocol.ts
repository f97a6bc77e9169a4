/**
 * The messages between the supervisor (main process) and a sandbox worker process, over Node's
 * IPC channel with structured-clone serialisation. Guest values cross as JSON text, so nothing but
 * plain data leaves an isolate, and its size is known before it is sent.
 */

/** Limits applied to every installation's isolate and to every call into it. */
export interface SandboxLimits {
  /** V8 heap limit of one isolate, in MB. Above it the isolate is disposed, not the worker. */
  memoryMb: number;
  /** Synchronous run time of one entry into the isolate (isolated-vm's `timeout`), in ms. */
  callTimeoutMs: number;
  /** Wall-clock deadline of one call, host calls and awaits included, in ms. */
  deadlineMs: number;
  /** CPU time one call may use inside the isolate (isolate.cpuTime), in ms. */
  cpuBudgetMs: number;
  /** Largest JSON response a call may return, in bytes. */
  maxResponseBytes: number;
  /** Largest JSON argument list of one host call, in bytes. */
  maxHostCallBytes: number;
}

export const defaultLimits: SandboxLimits = {
  memoryMb: 64,
  callTimeoutMs: 2000,
  deadlineMs: 10_000,
  cpuBudgetMs: 2000,
  maxResponseBytes: 4 * 1024 * 1024,
  maxHostCallBytes: 1024 * 1024,
};

/** What the worker needs to build (or reuse) the isolate of one installation. */
export interface IsolateSpec {
  installationId: string;
  /** The app version; the isolate is rebuilt when it changes (upgrade). */
  versionId: string;
  /** SHA-256 of the bundle: the worker caches compiled code by it. */
  bundleDigest: string;
}

/** Why a call failed, in terms the supervisor maps to audit entries and HTTP errors. */
export type SandboxFailure =
  | 'timeout'
  | 'deadline'
  | 'cpu_budget'
  | 'memory'
  | 'response_too_large'
  | 'guest_error'
  | 'load_failed'
  | 'worker_crashed'
  | 'unavailable';

/**
 * An error as it crosses the sandbox boundary; the same shape as the SDK's `WireError`
 * (plugin-sdk/src/host-protocol.ts), so guest and host errors keep status, code and both texts.
 */
export interface WireErrorShape {
  status: number;
  code: string;
  message: { zh: string; en: string };
  details?: unknown;
}

export type MainToWorker =
  | {
      type: 'invoke';
      id: number;
      spec: IsolateSpec;
      /** JSON text of the SDK `Invocation` (or `{ kind: 'describe' }`). */
      invocation: string;
    }
  | { type: 'bundle'; requestId: number; source: string | null; error?: string }
  /** JSON text of the SDK `HostCallOutcome`. */
  | { type: 'host-result'; callId: number; outcome: string }
  | { type: 'dispose'; installationId: string }
  | { type: 'stats'; requestId: number };

export type WorkerToMain =
  | { type: 'ready' }
  /** `outcome` is the JSON text of the SDK `InvocationOutcome` the guest returned. */
  | { type: 'result'; id: number; ok: true; outcome: string; cpuMs: number; cold: boolean }
  | {
      type: 'result';
      id: number;
      ok: false;
      failure: SandboxFailure;
      error: WireErrorShape;
      cpuMs: number;
      cold: boolean;
    }
  | { type: 'need-bundle'; requestId: number; versionId: string; bundleDigest: string }
  | {
      type: 'host-call';
      callId: number;
      /** The invocation whose host-call reference was used; the supervisor binds tenant and installation from it. */
      invocationId: number;
      method: string;
      args: string;
    }
  | { type: 'stats'; requestId: number; warm: number; heapBytes: number };

/** Options the worker reads from its environment at start. */
export interface WorkerOptions {
  limits: SandboxLimits;
  /** Most isolates this worker keeps warm; the least recently used is disposed above it. */
  warmCap: number;
  /** An isolate unused this long is disposed. */
  idleMs: number;
}
