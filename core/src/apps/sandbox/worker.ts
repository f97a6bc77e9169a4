/**
 * A sandbox worker process: started by the supervisor with `--no-node-snapshot` (isolated-vm
 * needs it) and an IPC channel. It holds one isolate per installation and runs calls in them
 * under the limits; every capability the guest calls goes back to the supervisor over IPC.
 *
 * An isolate that exceeds its memory limit is disposed by V8 without taking the process down;
 * if the process dies anyway, the supervisor restarts it and fails the calls that were in flight.
 */
import ivm from 'isolated-vm';
import { type HostCallFn, IsolatePool, type WarmIsolate } from './isolate-pool.ts';
import type {
  IsolateSpec,
  MainToWorker,
  SandboxFailure,
  WorkerOptions,
  WireErrorShape,
  WorkerToMain,
} from './protocol.ts';

const options = JSON.parse(process.env.CB_SANDBOX_OPTIONS ?? '{}') as WorkerOptions;
const limits = options.limits;

function send(message: WorkerToMain): void {
  if (process.connected) process.send?.(message);
}

let nextId = 1;
const bundleRequests = new Map<number, { resolve(source: string): void; reject(error: Error): void }>();
const hostCalls = new Map<number, (reply: string) => void>();

interface Running {
  entry: WarmIsolate | null;
  cpuStart: bigint;
  /** Set once the call has been answered; later host calls of its guest code are refused. */
  done: boolean;
  /** Ends the call as over its CPU budget (the isolate is disposed once nothing else runs in it). */
  overBudget(): void;
}
const running = new Map<number, Running>();

function shape(failure: SandboxFailure, en: string, zh: string): WireErrorShape {
  const status = failure === 'response_too_large' ? 413 : failure === 'guest_error' ? 500 : 503;
  return { status, code: `app_${failure}`, message: { zh, en } };
}

function refusal(status: number, code: string, en: string, zh: string): string {
  return JSON.stringify({ ok: false, error: { status, code, message: { zh, en } } });
}

function cpuMs(run: Running): number {
  if (!run.entry || run.entry.isolate.isDisposed) return 0;
  return Number(run.entry.isolate.cpuTime - run.cpuStart) / 1e6;
}

/** The host call of one invocation: what its `hostCallRef` runs in this worker. */
async function hostCall(invocationId: number, method: string, args: string): Promise<string> {
  const run = running.get(invocationId);
  if (!run || run.done) {
    return refusal(403, 'app_call_ended', 'This call has already ended.', '本次调用已结束');
  }
  if (cpuMs(run) > limits.cpuBudgetMs) {
    run.overBudget();
    return refusal(
      429,
      'app_cpu_budget',
      'The CPU budget of this call is used up.',
      '本次调用的 CPU 配额已用完',
    );
  }
  if (args.length > limits.maxHostCallBytes) {
    return refusal(
      413,
      'app_host_call_too_large',
      'The arguments of this call are too large.',
      '调用参数过大',
    );
  }
  const callId = nextId++;
  return new Promise<string>((resolve) => {
    hostCalls.set(callId, resolve);
    send({ type: 'host-call', callId, invocationId, method, args });
  });
}

const pool = new IsolatePool({
  limits,
  warmCap: options.warmCap,
  loadBundle: (spec: IsolateSpec) =>
    new Promise<string>((resolve, reject) => {
      const requestId = nextId++;
      bundleRequests.set(requestId, { resolve, reject });
      send({ type: 'need-bundle', requestId, versionId: spec.versionId, bundleDigest: spec.bundleDigest });
    }),
});

function classify(
  error: unknown,
  entry: WarmIsolate | null,
): { failure: SandboxFailure; error: WireErrorShape } {
  const message = error instanceof Error ? error.message : String(error);
  if (entry?.isolate.isDisposed || /memory limit/i.test(message)) {
    return {
      failure: 'memory',
      error: shape('memory', 'The app ran out of memory.', '应用内存超出限制'),
    };
  }
  if (/timed out/i.test(message)) {
    return {
      failure: 'timeout',
      error: shape('timeout', 'The app ran too long without yielding.', '应用运行超时'),
    };
  }
  return {
    failure: 'guest_error',
    error: shape('guest_error', `The app failed: ${message.slice(0, 500)}`, '应用运行出错'),
  };
}

async function invoke(message: Extract<MainToWorker, { type: 'invoke' }>): Promise<void> {
  const run: Running = { entry: null, cpuStart: 0n, done: false, overBudget: () => undefined };
  running.set(message.id, run);
  let cold = false;
  let deadline: NodeJS.Timeout | undefined;
  let cpuWatch: NodeJS.Timeout | undefined;
  const finish = (reply: WorkerToMain) => {
    if (run.done) return;
    run.done = true;
    clearTimeout(deadline);
    clearInterval(cpuWatch);
    send(reply);
    // Keep the record briefly, so late host calls of this guest code are refused by name.
    setTimeout(() => running.delete(message.id), 1000).unref();
    if (run.entry) pool.release(run.entry);
  };
  const fail = (failure: SandboxFailure, error: WireErrorShape) =>
    finish({ type: 'result', id: message.id, ok: false, failure, error, cpuMs: cpuMs(run), cold });

  run.overBudget = () => {
    if (run.entry) run.entry.poisoned = true;
    fail(
      'cpu_budget',
      shape('cpu_budget', 'The app used more CPU time than allowed.', '应用 CPU 用量超出限制'),
    );
  };
  // Bursts between awaits each stay under the per-entry timeout; the budget catches their sum.
  cpuWatch = setInterval(() => {
    if (cpuMs(run) > limits.cpuBudgetMs) run.overBudget();
  }, 100);
  deadline = setTimeout(() => {
    if (run.entry) run.entry.poisoned = true;
    fail('deadline', shape('deadline', 'The app did not answer in time.', '应用未在规定时间内响应'));
  }, limits.deadlineMs);

  try {
    const acquired = await pool.acquire(message.spec);
    run.entry = acquired.entry;
    cold = acquired.cold;
    run.cpuStart = acquired.entry.isolate.cpuTime;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    fail(
      'load_failed',
      shape('load_failed', `The app could not be loaded: ${text.slice(0, 500)}`, '应用加载失败'),
    );
    return;
  }
  const entry = run.entry;
  if (run.done) return;
  const hostCallRef = new ivm.Reference<HostCallFn>((method, args) => hostCall(message.id, method, args));
  try {
    const json = await entry.invoke.apply(undefined, [message.invocation, hostCallRef], {
      result: { promise: true, copy: true },
      timeout: limits.callTimeoutMs,
    });
    if (cpuMs(run) > limits.cpuBudgetMs) {
      entry.poisoned = true;
      fail(
        'cpu_budget',
        shape('cpu_budget', 'The app used more CPU time than allowed.', '应用 CPU 用量超出限制'),
      );
    } else if (typeof json !== 'string' || json.length > limits.maxResponseBytes) {
      fail(
        'response_too_large',
        shape('response_too_large', 'The app answered with too much data.', '应用返回的数据过大'),
      );
    } else {
      finish({ type: 'result', id: message.id, ok: true, outcome: json, cpuMs: cpuMs(run), cold });
    }
  } catch (error) {
    entry.poisoned = true;
    const classified = classify(error, entry);
    fail(classified.failure, classified.error);
  } finally {
    hostCallRef.release();
  }
}

process.on('message', (message: MainToWorker) => {
  switch (message.type) {
    case 'invoke':
      void invoke(message);
      break;
    case 'bundle': {
      const request = bundleRequests.get(message.requestId);
      bundleRequests.delete(message.requestId);
      if (!request) break;
      if (message.source === null) request.reject(new Error(message.error ?? 'bundle not found'));
      else request.resolve(message.source);
      break;
    }
    case 'host-result': {
      const resolve = hostCalls.get(message.callId);
      hostCalls.delete(message.callId);
      resolve?.(message.outcome);
      break;
    }
    case 'dispose':
      pool.dispose(message.installationId);
      break;
    case 'stats':
      void pool
        .heapBytes()
        .then((heapBytes) =>
          send({ type: 'stats', requestId: message.requestId, warm: pool.size, heapBytes }),
        );
      break;
  }
});

// The supervisor going away (crash or stop) ends the worker; isolates die with it.
process.on('disconnect', () => {
  pool.disposeAll();
  process.exit(0);
});

setInterval(() => pool.sweep(options.idleMs), Math.min(60_000, Math.max(1000, options.idleMs / 4))).unref();

send({ type: 'ready' });
