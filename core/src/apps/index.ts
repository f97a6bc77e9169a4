import type { App } from '../app.ts';
import type { Databases } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { HttpServer } from '../server.ts';
import { appApiRoutes } from './app-api.routes.ts';
import { appsAdminRoutes } from './apps.routes.ts';
import { EventDispatcher } from './events.ts';
import { Installations } from './installations.service.ts';
import { JobScheduler } from './jobs.ts';
import { launcherRoutes } from './launcher.routes.ts';
import type { AppAuditPort, RuntimePorts } from './ports.ts';
import { AppRuntime, type AppRuntimeOptions } from './runtime.ts';
import { startAppUiOrigin } from './ui-origin.ts';

export { AppRuntime } from './runtime.ts';
export { registerAppVersion, type AppPackageInput } from './registry.ts';
export { purgeUninstalled } from './installations.repository.ts';
export type { AppAuditPort, RuntimePorts } from './ports.ts';

export interface AppPlatform {
  runtime: AppRuntime;
  installations: Installations;
  events: EventDispatcher;
  jobs: JobScheduler;
  ui: HttpServer;
  /** Mounts `/apps/{id}/api/*` and the admin routes on the kernel app. */
  mount(app: App): void;
  stop(): Promise<void>;
}

/** An audit port that only logs, until the audit log module is wired. */
export function loggingAudit(logger: Logger): AppAuditPort {
  return {
    async record(entry) {
      logger.info({ audit: entry }, `audit ${entry.action} ${entry.result}`);
    },
  };
}

/**
 * Starts the app runtime: the sandbox workers, the job scheduler, the event dispatcher and the app
 * UI origin. Every started part is stopped by `stop()`, in reverse order.
 *
 * @example
 * const apps = await startApps({ db, logger, ports: { audit }, ui: { port: 3001, host: '::', portalOrigin } });
 * apps.mount(app);
 */
export async function startApps(options: {
  db: Pick<Databases, 'app' | 'owner'>;
  logger: Logger;
  ports: RuntimePorts;
  ui: { port: number; host: string; portalOrigin: string };
  runtime?: Partial<Omit<AppRuntimeOptions, 'db' | 'owner' | 'logger' | 'ports'>>;
  /** Start the cron scheduler (default true). */
  jobs?: boolean;
}): Promise<AppPlatform> {
  const logger = options.logger.child({ area: 'apps' });
  const runtime = new AppRuntime({
    db: options.db.app,
    owner: options.db.owner,
    logger,
    ports: options.ports,
    ...options.runtime,
  });
  const undo: Array<() => Promise<void>> = [];
  try {
    await runtime.start();
    undo.push(() => runtime.stop());
    const installations = new Installations(runtime);
    const events = new EventDispatcher(runtime);
    undo.push(() => events.stop());
    const jobs = new JobScheduler(runtime);
    if (options.jobs !== false) await jobs.start();
    undo.push(async () => jobs.stop());
    const ui = await startAppUiOrigin(runtime, options.ui);
    undo.push(() => ui.close(1000));
    logger.info({ port: ui.port }, 'app UI origin listening');
    return {
      runtime,
      installations,
      events,
      jobs,
      ui,
      mount(app) {
        appsAdminRoutes(app, installations);
        appApiRoutes(app, runtime);
        launcherRoutes(app, runtime.db, { port: ui.port });
      },
      async stop() {
        for (const step of undo.reverse())
          await step().catch((error) => logger.error({ err: error }, 'apps stop failed'));
        undo.length = 0;
      },
    };
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error;
  }
}
