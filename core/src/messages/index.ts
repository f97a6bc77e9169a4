import type { AlarmNotifier } from '@campusbase/iot-bridge';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Kysely, Transaction } from 'kysely';
import type { MessagesPort } from '../apps/ports.ts';
import type { SmsSender } from '../auth/sms-sender.ts';
import type { Database } from '../db/database.ts';
import type { AppEnv } from '../http/types.ts';
import type { Logger } from '../logger.ts';
import { emailDriver } from './channels/email.ts';
import { type SmsProvider, smsDriver, smsProviderFromEnv } from './channels/sms.ts';
import type { ChannelDriver } from './channels/types.ts';
import { webhookDriver } from './channels/webhook.ts';
import { InboxHub } from './delivery/hub.ts';
import { PgListener } from './delivery/listener.ts';
import { ChannelWorker, type WorkerOptions } from './delivery/worker.ts';
import { composeRoutes } from './http/compose.routes.ts';
import { inboxRoutes } from './http/inbox.routes.ts';
import { settingsRoutes } from './http/settings.routes.ts';
import { alarmNotifierFor, appMessagesPort, smsSenderFor } from './ports.ts';
import type { QuotaRules } from './quotas.ts';
import { type SendInput, type SendResult, sendMessage } from './send.ts';

export type { SendInput, SendResult, Sender } from './send.ts';
export { sendMessage } from './send.ts';
export { resolveAudience, type AudiencePart } from './audience.ts';

export interface MessageCentreOptions {
  db: { app: Kysely<Database>; owner: Kysely<Database>; ownerUrl: string };
  logger: Logger;
  publicUrl: string;
  smtpUrl?: string;
  /** Defaults to the providers in the environment (SMS_HTTP_URL, …), else the log provider. */
  sms?: SmsProvider;
  smsSignature?: string;
  quotas?: QuotaRules;
  /** false: this node only serves the inbox (no outbox workers). */
  workers?: false | WorkerOptions;
  /** Replace a channel's driver (tests). */
  drivers?: Partial<Record<'email' | 'sms' | 'webhook', ChannelDriver>>;
}

/** The message centre of one node: inbox streams, outbox workers, routes and the ports it serves. */
export interface MessageCentre {
  hub: InboxHub;
  sms: SmsProvider;
  /** For identity's SMS login codes. */
  smsSender: SmsSender;
  /** For the IoT bridge. */
  alarmNotifier: AlarmNotifier;
  /** For the app runtime's `messages.send` capability. */
  appMessages: MessagesPort;
  /** Writes a message in the caller's transaction (core modules). */
  send(trx: Transaction<Database>, input: SendInput): Promise<SendResult>;
  mount(app: OpenAPIHono<AppEnv>): void;
  /** Starts LISTEN and the workers. */
  start(): Promise<void>;
  /** Ends every stream and stops the workers and LISTEN; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * @example
 * const messages = createMessageCentre({ db, logger, publicUrl, smtpUrl: config.SMTP_URL });
 * await messages.start();
 * messages.mount(app);
 */
export function createMessageCentre(options: MessageCentreOptions): MessageCentre {
  const { db, logger } = options;
  const log = logger.child({ module: 'messages' });
  const listener = new PgListener(db.ownerUrl, log);
  const hub = new InboxHub(db.owner, listener, log);
  const sms = options.sms ?? smsProviderFromEnv(process.env, log);
  const signature = options.smsSignature ?? process.env.SMS_SIGNATURE ?? 'CampusBase';
  const workers: ChannelWorker[] = [];
  if (options.workers !== false) {
    const drivers: ChannelDriver[] = [
      options.drivers?.email ??
        emailDriver({
          publicUrl: options.publicUrl,
          logger: log,
          ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
        }),
      options.drivers?.sms ?? smsDriver(sms, signature),
      options.drivers?.webhook ?? webhookDriver(),
    ];
    for (const driver of drivers)
      workers.push(new ChannelWorker(db.owner, driver, log, options.workers || {}));
  }
  let stopping: Promise<void> | null = null;
  return {
    hub,
    sms,
    smsSender: smsSenderFor(sms, signature),
    alarmNotifier: alarmNotifierFor(db.app),
    appMessages: appMessagesPort(db.app, options.quotas),
    send: (trx, input) => sendMessage(trx, input, options.quotas ? { quotas: options.quotas } : {}),
    mount(app) {
      composeRoutes(app, db.app, options.quotas);
      inboxRoutes(app, db.app, hub);
      settingsRoutes(app, db.app);
    },
    async start() {
      for (const worker of workers) worker.start(listener);
      await listener.start();
    },
    stop() {
      stopping ??= (async () => {
        hub.close();
        await Promise.all(workers.map((w) => w.stop()));
        await listener.close();
      })();
      return stopping;
    },
  };
}
