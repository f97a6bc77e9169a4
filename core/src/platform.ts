import type { EmbeddedBroker } from '@campusbase/iot-bridge';
import { sql } from 'kysely';
import { connect as mqttConnect } from 'mqtt';
import { type App, createApp } from './app.ts';
import { auditLogPort } from './apps/audit-port.ts';
import { appDirectoryPort } from './apps/directory.ts';
import { type AppPlatform, startApps } from './apps/index.ts';
import { appIotPort } from './apps/iot.ts';
import { type MailSender, smtpMailSender } from './auth/mail-sender.ts';
import { mountIdentity } from './auth/mount.ts';
import { type SessionEvents, startSessionEvents } from './auth/session-events.ts';
import { type Config, publicUrl } from './config/index.ts';
import { type Databases, openDatabases } from './db/index.ts';
import type { ReadinessCheck } from './health/health.routes.ts';
import { portalRoutes } from './http/portal.ts';
import { type IotRuntime, loadIotConfig, mountIot, startIot } from './iot/index.ts';
import { connectIotConsumers } from './iot/iot.ports.ts';
import type { Logger } from './logger.ts';
import { platformMaintenanceJobs, startMaintenance } from './maintenance/index.ts';
import {
  buildMarketplace,
  type DeploymentWorker,
  marketplaceMaintenanceJobs,
  mountMarketplace,
  servingListener,
  startDeploymentWorker,
} from './marketplace/index.ts';
import { createMessageCentre, type MessageCentre } from './messages/index.ts';
import { loadSecretKey } from './secrets.ts';
import { seedDemo } from './seed/demo.ts';
import './seed/steps.ts';
import { mountSso } from './sso/index.ts';
import { peopleImportRoutes } from './people-import/people-import.routes.ts';
import { type HttpServer, listen } from './server.ts';
import { tenancyRoutes } from './tenancy/tenancy.routes.ts';

export interface Platform {
  url: string;
  port: number;
  app: App;
  db: Databases;
  broker: EmbeddedBroker | null;
  /** The app runtime: sandbox supervisor, installations, app UI origin. */
  apps: AppPlatform;
  /** The IoT side: broker, bridge, registry and command services. */
  iot: IotRuntime;
  /** This node's worker that installs bureau deployments in schools that came later. */
  deployments: DeploymentWorker;
  /** Stops accepting, drains, and stops every embedded service. Safe to call twice. */
  stop(): Promise<void>;
}

/** Everything the HTTP app needs, built on open databases. Tests use this without a listening server. */
export function buildApp(
  db: Databases,
  logger: Logger,
  readiness: ReadinessCheck[],
  security: { secret: string; publicUrl: string; sessionEvents?: SessionEvents; mail?: MailSender },
  iot: IotRuntime | null = null,
  messages: MessageCentre | null = null,
  apps: AppPlatform | null = null,
): App {
  // The portal frames app pages from the app UI origin (a second port locally).
  const frameSources = apps
    ? [`http://localhost:${apps.ui.port}`, `http://127.0.0.1:${apps.ui.port}`, `http://[::1]:${apps.ui.port}`]
    : [];
  const hsts = security.publicUrl.startsWith('https:');
  const app = createApp({ logger, readiness: () => readiness, frameSources, hsts });
  const identity = mountIdentity(
    app,
    db,
    logger,
    messages ? { ...security, sms: messages.smsSender } : security,
  );
  tenancyRoutes(app, db.app);
  mountIot(app, db, logger, iot);
  mountSso(app, { db: db.app, logger, ...security, identity });
  peopleImportRoutes(app, db.app);
  messages?.mount(app);
  // Before the app routes: the marketplace counts daily active users of /apps/{id}/api/*.
  mountMarketplace(app, { db, logger, secret: security.secret, apps, messages });
  apps?.mount(app);
  // The not-found fallback: the portal answers every GET that no route claims.
  portalRoutes(app);
  return app;
}

function brokerCheck(config: Config, broker: EmbeddedBroker | null): ReadinessCheck {
  if (broker) return { name: 'broker', check: () => broker.probe() };
  const url = config.MQTT_URL!;
  return {
    name: 'broker',
    check: () =>
      new Promise<void>((resolve, reject) => {
        const client = mqttConnect(url, {
          reconnectPeriod: 0,
          connectTimeout: 1500,
          clientId: `cb-ready-${process.pid}`,
        });
        client.once('connect', () => client.end(true, {}, () => resolve()));
        client.once('error', (error) => client.end(true, {}, () => reject(error)));
      }),
  };
}

/**
 * Starts the whole platform: database (embedded unless DATABASE_URL), migrations, the demo seed on
 * first start, the MQTT broker (embedded unless MQTT_URL), and the HTTP server.
 * If any step fails, the steps before it are undone, so nothing is left running.
 */
export async function startPlatform(config: Config, logger: Logger): Promise<Platform> {
  const cleanup: Array<() => Promise<void>> = [];
  const undo = async () => {
    for (const step of cleanup.reverse())
      await step().catch((error) => logger.error({ err: error }, 'cleanup failed'));
    cleanup.length = 0;
  };
  try {
    const secret = await loadSecretKey(config);
    const db = await openDatabases(config, logger, secret);
    cleanup.push(() => db.close());

    if (config.DEMO_SEED) {
      const seeded = await seedDemo(db.owner, logger);
      if (seeded) logger.info('demo region seeded');
    }

    // Every node evicts cached sessions when any node ends or narrows one (LISTEN/NOTIFY).
    const sessionEvents = await startSessionEvents(db.appUrl, logger);
    cleanup.push(() => sessionEvents.close());
    // Housekeeping (audit retention, expired sessions, lockout counters): one node per job at a time.
    const maintenance = startMaintenance({
      db: db.owner,
      logger,
      jobs: [
        ...platformMaintenanceJobs({ auditRetentionDays: config.AUDIT_RETENTION_DAYS, owner: db.owner }),
        ...marketplaceMaintenanceJobs(),
      ],
    });
    cleanup.push(() => maintenance.stop());

    // The embedded broker (unless MQTT_URL) with the registry's auth/ACL hooks, and the ingest bridge.
    const iot = await startIot(config, loadIotConfig(process.env), db, logger, secret);
    cleanup.push(() => iot.stop());
    const broker: EmbeddedBroker | null = iot.broker;

    const readiness: ReadinessCheck[] = [
      { name: 'database', check: async () => void (await sql`SELECT 1`.execute(db.app)) },
      broker
        ? brokerCheck(config, broker)
        : {
            name: 'broker',
            check: async () => {
              if (!iot.bridge.isConnected()) throw new Error('the MQTT bridge is not connected to MQTT_URL');
            },
          },
    ];
    // The message centre: inbox streams (LISTEN/NOTIFY) and the outbox workers of this node.
    const messages = createMessageCentre({ db, logger, publicUrl: publicUrl(config), secret, config });
    cleanup.push(() => messages.stop());
    await messages.start();
    // The app runtime: sandbox workers, app jobs, and the app UI origin on APP_ORIGIN_PORT.
    const apps = await startApps({
      db,
      logger,
      ports: {
        audit: auditLogPort(db.app, logger),
        directory: appDirectoryPort(db.app),
        messages: messages.appMessages,
        iot: appIotPort(db.app, iot.services.commands),
      },
      ui: {
        port: config.APP_ORIGIN_PORT,
        host: config.HOST,
        portalOrigin: new URL(publicUrl(config)).origin,
      },
    });
    cleanup.push(() => apps.stop());
    // Alarms become messages; device events reach the installations that subscribed.
    connectIotConsumers(db, { alarms: messages.alarmNotifier, events: apps.events });
    // A suspension in the marketplace reaches this node's runtime at once (LISTEN/NOTIFY).
    const marketListener = servingListener(db.ownerUrl, logger, apps.runtime);
    cleanup.push(() => marketListener.close());
    // Bureau deployments (统一部署) reach schools created or moved under the bureau later, on the
    // same connection; the new school's admins get an in-app notice. Stopped before the listener.
    const deployments = startDeploymentWorker({
      market: buildMarketplace({ db, logger, secret, apps, messages }),
      owner: db.owner,
      listener: marketListener,
      logger: logger.child({ area: 'marketplace' }),
    });
    cleanup.push(() => deployments.close());
    await marketListener.start();
    const app = buildApp(
      db,
      logger,
      readiness,
      {
        secret,
        publicUrl: publicUrl(config),
        sessionEvents,
        // Password-reset links go out through the same SMTP server as the message centre's email.
        ...(config.SMTP_URL ? { mail: smtpMailSender(config.SMTP_URL, config.SMTP_FROM) } : {}),
      },
      iot,
      messages,
      apps,
    );
    const server: HttpServer = await listen(app.fetch, config.PORT, config.HOST);
    cleanup.push(() => server.close(config.SHUTDOWN_GRACE_MS));
    // Runs before the server closes: ends the SSE streams, which would otherwise hold it open.
    cleanup.push(() => messages.stop());
    const url = publicUrl({ ...config, PORT: server.port });
    logger.info({ url, port: server.port, host: config.HOST }, 'HTTP server listening');

    let stopping: Promise<void> | null = null;
    return {
      url,
      port: server.port,
      app,
      db,
      broker,
      apps,
      iot,
      deployments,
      stop: () => {
        stopping ??= undo();
        return stopping;
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}
