import type { AlarmNotifier } from '@campusbase/iot-bridge';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Kysely, Transaction } from 'kysely';
import type { MessagesPort } from '../apps/ports.ts';
import type { SmsSender } from '../auth/sms-sender.ts';
import type { Database } from '../db/database.ts';
import type { AppEnv } from '../http/types.ts';
import type { Logger } from '../logger.ts';
import type { Config } from '../config/index.ts';
import { WECOM_API_BASE } from '../config/index.ts';
import { emailDriver } from './channels/email.ts';
import { type SmsProvider, smsDriver, smsProviderFromConfig } from './channels/sms.ts';
import type { ChannelDriver } from './channels/types.ts';
import { webhookDriver } from './channels/webhook.ts';
import { wecomDriver } from './channels/wecom.ts';
import { InboxHub } from './delivery/hub.ts';
import { PgListener } from './delivery/listener.ts';
import { ChannelWorker, type WorkerOptions } from './delivery/worker.ts';
import { channelRoutes } from './http/channels.routes.ts';
import { composeRoutes } from './http/compose.routes.ts';
import { inboxRoutes } from './http/inbox.routes.ts';
import { settingsRoutes } from './http/settings.routes.ts';
import { alarmNotifierFor, appMessagesPort, smsSenderFor } from './ports.ts';
import type { QuotaRules } from './quotas.ts';
import { messageSealers } from './sealing.ts';
import { type SendInput, type SendResult, sendMessage } from './send.ts';

export type { SendInput, SendResult, Sender } from './send.ts';
export { sendMessage } from './send.ts';
export { resolveAudience, type AudiencePart } from './audience.ts';

/** The message centre's part of the validated configuration (core/src/config). */
export type MessageCentreConfig = Partial<
  Pick<
    Config,
    | 'SMTP_URL'
    | 'SMTP_FROM'
    | 'SMS_HTTP_URL'
    | 'SMS_HTTP_TOKEN'
    | 'SMS_HTTP_FALLBACK_URL'
    | 'SMS_HTTP_FALLBACK_TOKEN'
    | 'SMS_SIGNATURE'
    | 'WECOM_API_BASE'
  >
>;

export interface MessageCentreOptions {
  db: { app: Kysely<Database>; owner: Kysely<Database>; ownerUrl: string };
  logger: Logger;
  publicUrl: string;
  /**
   * The platform secret (loadSecretKey): webhook secrets and WeCom robot keys are sealed with keys
   * derived from it. Without it those two channels are off and their settings answer 503.
   */
  secret?: string;
  /** SMTP, SMS and WeCom settings; pass the platform's Config. */
  config?: MessageCentreConfig;
  /** @deprecated pass config.SMTP_URL */
  smtpUrl?: string;
  /** Defaults to the providers of the configuration (SMS_HTTP_URL, …), else the log provider. */
  sms?: SmsProvider;
  smsSignature?: string;
  quotas?: QuotaRules;
  /** false: this node only serves the inbox (no outbox workers). */
  workers?: false | WorkerOptions;
  /** How long a robot waits after WeCom's rate limit (errcode 45009); one minute by default. */
  wecomRateLimitDelayMs?: number;
  /** Replace a channel's driver (tests). */
  drivers?: Partial<Record<'email' | 'sms' | 'webhook' | 'wecom', ChannelDriver>>;
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
 * const messages = createMessageCentre({ db, logger, publicUrl, secret, config });
 * await messages.start();
 * messages.mount(app);
 */
export function createMessageCentre(options: MessageCentreOptions): MessageCentre {
  const { db, logger } = options;
  const log = logger.child({ module: 'messages' });
  const listener = new PgListener(db.ownerUrl, log);
  const hub = new InboxHub(db.owner, listener, log);
  const config = options.config ?? {};
  const sms = options.sms ?? smsProviderFromConfig(config, log);
  const signature = options.smsSignature ?? config.SMS_SIGNATURE ?? 'CampusBase';
  const smtpUrl = config.SMTP_URL ?? options.smtpUrl;
  const wecomApiBase = config.WECOM_API_BASE ?? WECOM_API_BASE;
  const sealers = options.secret ? messageSealers(options.secret) : null;
  if (!sealers) log.warn('no platform secret given: webhooks and WeCom robots are off');
  const workers: ChannelWorker[] = [];
  if (options.workers !== false) {
    const drivers: ChannelDriver[] = [
      options.drivers?.email ??
        emailDriver({
          publicUrl: options.publicUrl,
          logger: log,
          owner: db.owner,
          ...(smtpUrl ? { smtpUrl } : {}),
          ...(config.SMTP_FROM ? { from: config.SMTP_FROM } : {}),
        }),
      options.drivers?.sms ?? smsDriver(sms, signature),
    ];
    const webhook =
      options.drivers?.webhook ??
      (sealers ? webhookDriver({ owner: db.owner, sealer: sealers.webhookSecret }) : null);
    const wecom =
      options.drivers?.wecom ??
      (sealers
        ? wecomDriver({
            owner: db.owner,
            sealer: sealers.wecomKey,
            apiBase: wecomApiBase,
            publicUrl: options.publicUrl,
            ...(options.wecomRateLimitDelayMs !== undefined
              ? { rateLimitDelayMs: options.wecomRateLimitDelayMs }
              : {}),
          })
        : null);
    if (webhook) drivers.push(webhook);
    if (wecom) drivers.push(wecom);
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
      channelRoutes(app, db.app, { sealers, wecomApiBase });
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
