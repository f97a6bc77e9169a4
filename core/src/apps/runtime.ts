import {
  checkAppDescription,
  fromWireError,
  type Invocation,
  type InvocationContext,
  type RouteResponseWire,
} from '@campusbase/plugin-sdk/protocol';
import {
  ForbiddenError,
  InputError,
  NotFoundError,
  UnavailableError,
  type DomainError,
} from '@campusbase/plugin-sdk/errors';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { Logger } from '../logger.ts';
import type { CallBinding, InstallationBinding } from './binding.ts';
import { CapabilityHost } from './capabilities/host.ts';
import { loadBinding } from './installations.repository.ts';
import type { RuntimePorts } from './ports.ts';
import { QuotaCounter, type QuotaRules } from './quotas.ts';
import { loadBundle } from './registry.ts';
import { defaultLimits, type SandboxLimits } from './sandbox/protocol.ts';
import { SandboxCallError, SandboxSupervisor } from './sandbox/supervisor.ts';

export interface AppRuntimeOptions {
  /** The app-role pool (row-level security applies). */
  db: Kysely<Database>;
  /** The owner pool: bundle loads, purge and the scheduler's platform-wide reads. */
  owner: Kysely<Database>;
  logger: Logger;
  ports: RuntimePorts;
  workers?: number;
  limits?: Partial<SandboxLimits>;
  /** Warm isolates across all workers (DESIGN.md §12 measures 300). */
  warmCap?: number;
  idleMs?: number;
  quotas?: QuotaRules;
  allowPrivateNetwork?: boolean;
}

export interface CallerFacts {
  user: InvocationContext['user'];
  personId: string | null;
  requestId: string;
  locale: InvocationContext['locale'];
}

const BINDING_TTL_MS = 5000;

/**
 * The app runtime host: binds installations, runs their calls in the sandbox supervisor, serves
 * their capability calls, and records sandbox incidents in the school's audit log.
 *
 * @example
 * const runtime = new AppRuntime({ db: db.app, owner: db.owner, logger, ports: { audit } });
 * await runtime.start();
 * const response = await runtime.callRoute(tenantId, installationId, 'GET', '/notices', request, caller);
 */
export class AppRuntime {
  readonly supervisor: SandboxSupervisor<CallBinding>;
  readonly capabilities: CapabilityHost;
  readonly limits: SandboxLimits;
  readonly #options: AppRuntimeOptions;
  readonly #bindings = new Map<string, { binding: InstallationBinding; at: number }>();

  constructor(options: AppRuntimeOptions) {
    this.#options = options;
    this.limits = { ...defaultLimits, ...options.limits };
    this.capabilities = new CapabilityHost({
      db: options.db,
      ports: options.ports,
      quotas: new QuotaCounter(options.quotas),
      logger: options.logger,
      allowPrivateNetwork: options.allowPrivateNetwork,
    });
    this.supervisor = new SandboxSupervisor<CallBinding>({
      workers: options.workers ?? 2,
      limits: this.limits,
      warmCap: options.warmCap ?? 300,
      idleMs: options.idleMs ?? 10 * 60_000,
      logger: options.logger,
      loadBundle: (versionId, digest) => loadBundle(options.owner, versionId, digest),
      hostCall: (binding, method, args) => this.capabilities.handle(binding, method, args),
    });
  }

  get db(): Kysely<Database> {
    return this.#options.db;
  }

  get owner(): Kysely<Database> {
    return this.#options.owner;
  }

  get ports(): RuntimePorts {
    return this.#options.ports;
  }

  get logger(): Logger {
    return this.#options.logger;
  }

  start(): Promise<void> {
    return this.supervisor.start();
  }

  stop(): Promise<void> {
    return this.supervisor.stop();
  }

  /** The installation's binding, from a short cache; null when the school has no such installation. */
  async binding(tenantId: string, installationId: string): Promise<InstallationBinding | null> {
    const key = `${tenantId}/${installationId}`;
    const cached = this.#bindings.get(key);
    if (cached && Date.now() - cached.at < BINDING_TTL_MS) return cached.binding;
    const binding = await withTenant(this.#options.db, tenantId, (trx) =>
      loadBinding(trx, tenantId, installationId),
    );
    if (binding) this.#bindings.set(key, { binding, at: Date.now() });
    else this.#bindings.delete(key);
    if (this.#bindings.size > 20_000) this.#bindings.delete(this.#bindings.keys().next().value ?? key);
    return binding;
  }

  /** Forgets a cached binding and the warm isolate (after install changes). */
  invalidate(tenantId: string, installationId: string, disposeIsolate = true): void {
    this.#bindings.delete(`${tenantId}/${installationId}`);
    if (disposeIsolate) this.supervisor.dispose(installationId);
  }

  /** The installation's binding if it may run now, or the error to answer with. */
  async runnable(tenantId: string, installationId: string): Promise<InstallationBinding> {
    const binding = await this.binding(tenantId, installationId);
    if (!binding || binding.status === 'uninstalled') {
      throw new NotFoundError(
        { zh: '本校没有安装这个应用', en: 'This school has no such app installation' },
        undefined,
        'installation_not_found',
      );
    }
    if (binding.status !== 'enabled') {
      throw new ForbiddenError(
        binding.status === 'suspended'
          ? { zh: '该应用已被平台暂停使用', en: 'The platform has suspended this app' }
          : { zh: '学校管理员已停用该应用', en: 'The school admin has disabled this app' },
        { status: binding.status },
        `installation_${binding.status}`,
      );
    }
    if (!binding.bundleDigest) {
      throw new NotFoundError(
        { zh: '该应用没有服务端接口', en: 'This app has no server code' },
        undefined,
        'no_server_code',
      );
    }
    return binding;
  }

  /** Runs one invocation for an installation; guest errors and sandbox failures become domain errors. */
  async invoke(
    binding: InstallationBinding,
    invocation: Invocation,
    caller: { personId: string | null; requestId: string; trigger: string },
  ): Promise<RouteResponseWire | null> {
    const callBinding: CallBinding = { installation: binding, ...caller };
    try {
      const outcome = await this.supervisor.invoke({
        spec: {
          installationId: binding.installationId,
          versionId: binding.versionId,
          bundleDigest: binding.bundleDigest ?? '',
        },
        invocation,
        binding: callBinding,
      });
      return outcome.value as RouteResponseWire | null;
    } catch (error) {
      if (!(error instanceof SandboxCallError)) throw error;
      // Limits hit and crashes are incidents; an app's own 4xx answers (NotFoundError …) are not.
      if (error.failure !== 'guest_error' || error.shape.status >= 500)
        await this.#incident(callBinding, error);
      throw toDomainError(error);
    }
  }

  /**
   * Loads a version's bundle in the sandbox and checks that its handlers match its manifest
   * (`checkAppDescription`): every declared route, event, job and hook has a handler, and nothing
   * else does. Throws an InputError naming each mismatch.
   */
  async checkVersion(
    versionId: string,
    bundleDigest: string,
    manifest: InstallationBinding['manifest'],
  ): Promise<void> {
    const key = `describe:${versionId}`;
    const probe: InstallationBinding = {
      tenantId: '',
      schoolName: '',
      installationId: key,
      appId: manifest.id,
      versionId,
      version: manifest.version,
      bundleDigest,
      manifest,
      approvedScopes: [],
      settings: {},
      status: 'enabled',
    };
    try {
      const outcome = await this.supervisor.invoke({
        spec: { installationId: key, versionId, bundleDigest },
        invocation: { kind: 'describe' },
        binding: { installation: probe, personId: null, requestId: key, trigger: 'describe' },
      });
      const issues = checkAppDescription(
        outcome.value as Parameters<typeof checkAppDescription>[0],
        manifest,
      );
      if (issues.length > 0) {
        const list = issues.map((issue) => `${issue.path}: ${issue.message.en}`).join('; ');
        throw new InputError(
          {
            zh: `应用的服务端代码与清单不一致：${list}`,
            en: `The server code does not match the manifest: ${list}`,
          },
          { issues },
          'app_bundle_mismatch',
        );
      }
    } catch (error) {
      if (error instanceof SandboxCallError) {
        throw new InputError(
          {
            zh: `应用的服务端代码无法加载：${error.shape.message.zh}`,
            en: `The server code cannot be loaded: ${error.shape.message.en}`,
          },
          { failure: error.failure },
          'app_bundle_invalid',
        );
      }
      throw error;
    } finally {
      this.supervisor.dispose(key);
    }
  }

  /** The invocation facts the guest reads (`ctx.app`, `ctx.school`, `ctx.user`, …). */
  context(binding: InstallationBinding, caller: CallerFacts): InvocationContext {
    return {
      app: { id: binding.appId, version: binding.version, installationId: binding.installationId },
      school: { name: binding.schoolName },
      user: caller.user,
      locale: caller.locale,
      requestId: caller.requestId,
      approvedScopes: [...binding.approvedScopes],
    };
  }

  async #incident(binding: CallBinding, error: SandboxCallError): Promise<void> {
    const installation = binding.installation;
    this.#options.logger.warn(
      {
        tenantId: installation.tenantId,
        installationId: installation.installationId,
        appId: installation.appId,
        failure: error.failure,
      },
      'app contained by the sandbox',
    );
    await this.#options.ports.audit
      .record({
        tenantId: installation.tenantId,
        actorPersonId: binding.personId,
        action: `app.sandbox.${error.failure}`,
        targetType: 'app_installation',
        targetId: installation.installationId,
        result: 'failure',
        details: {
          appId: installation.appId,
          version: installation.version,
          trigger: binding.trigger,
          requestId: binding.requestId,
          cpuMs: Math.round(error.cpuMs),
          code: error.shape.code,
          ...(error.shape.details !== undefined ? { reason: error.shape.details } : {}),
        },
      })
      .catch((auditError) => this.#options.logger.error({ err: auditError }, 'app audit entry failed'));
  }
}

/** A sandbox failure or a guest error as the domain error the HTTP layer answers with. */
export function toDomainError(error: SandboxCallError): DomainError {
  if (error.failure === 'guest_error') {
    const shape = error.shape;
    return fromWireError({
      status: shape.status,
      code: shape.code,
      message: shape.message,
      ...(shape.details !== undefined ? { details: shape.details as never } : {}),
    });
  }
  if (error.failure === 'response_too_large') {
    return fromWireError({ status: 413, code: error.shape.code, message: error.shape.message });
  }
  return new UnavailableError(error.shape.message, { failure: error.failure }, error.shape.code);
}
