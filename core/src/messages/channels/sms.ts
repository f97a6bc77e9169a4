import type { Config } from '../../config/index.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelDriver } from './types.ts';

export interface Sms {
  phone: string;
  text: string;
  /** Idempotency key; providers that support one drop a repeated send. */
  key: string;
}

/** An SMS gateway. Chinese gateways need a registered signature (签名) and often templates. */
export interface SmsProvider {
  readonly name: string;
  send(sms: Sms): Promise<void>;
}

/** Writes SMS to the log (development and demos). */
export function logSmsProvider(logger: Logger): SmsProvider & { sent: Sms[] } {
  const sent: Sms[] = [];
  return {
    name: 'log',
    sent,
    async send(sms) {
      sent.push(sms);
      if (sent.length > 200) sent.shift();
      logger.info({ phone: sms.phone, sms: sms.text }, 'SMS (log provider)');
    },
  };
}

export interface HttpSmsOptions {
  name: string;
  url: string;
  token?: string;
  timeoutMs?: number;
}

/**
 * A generic HTTP gateway: POST {phone, text, idempotencyKey} as JSON with a bearer token; any 2xx
 * is accepted. Most Chinese SMS relays can be fronted this way.
 */
export function httpSmsProvider(options: HttpSmsOptions): SmsProvider {
  return {
    name: options.name,
    async send(sms) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          'idempotency-key': sms.key,
        },
        body: JSON.stringify({ phone: sms.phone, text: sms.text, idempotencyKey: sms.key }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) {
        const body = await response.text().catch(() => '');
        throw new Error(`SMS provider ${options.name} answered ${response.status}: ${body.slice(0, 200)}`);
      }
      await response.body?.cancel().catch(() => undefined);
    },
  };
}

/**
 * Tries each provider in turn. A provider that failed is skipped for `cooldownMs` (unless every
 * provider is cooling down), so a dead primary does not slow every message. Returns the name of
 * the provider that took the message.
 */
export function failoverSmsProvider(
  providers: ReadonlyArray<SmsProvider>,
  options: { cooldownMs?: number; now?: () => number } = {},
): SmsProvider & { lastProvider: string | null } {
  const cooldownMs = options.cooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  const downUntil = new Map<string, number>();
  const self = {
    name: providers.map((p) => p.name).join('→'),
    lastProvider: null as string | null,
    async send(sms: Sms) {
      const healthy = providers.filter((p) => (downUntil.get(p.name) ?? 0) <= now());
      const order = healthy.length > 0 ? healthy : providers;
      const errors: string[] = [];
      for (const provider of order) {
        try {
          await provider.send(sms);
          downUntil.delete(provider.name);
          self.lastProvider = provider.name;
          return;
        } catch (error) {
          downUntil.set(provider.name, now() + cooldownMs);
          errors.push(`${provider.name}: ${(error as Error).message}`);
        }
      }
      throw new Error(`every SMS provider failed (${errors.join('; ')})`);
    },
  };
  return self;
}

/** The SMS settings of the validated configuration (core/src/config). */
export type SmsSettings = Partial<
  Pick<Config, 'SMS_HTTP_URL' | 'SMS_HTTP_TOKEN' | 'SMS_HTTP_FALLBACK_URL' | 'SMS_HTTP_FALLBACK_TOKEN'>
>;

/** The SMS providers of the configuration: SMS_HTTP_URL (+ _TOKEN), then the *_FALLBACK_* pair; else the log. */
export function smsProviderFromConfig(config: SmsSettings, logger: Logger): SmsProvider {
  const providers: SmsProvider[] = [];
  const gateways = [
    { name: 'primary', url: config.SMS_HTTP_URL, token: config.SMS_HTTP_TOKEN },
    { name: 'fallback', url: config.SMS_HTTP_FALLBACK_URL, token: config.SMS_HTTP_FALLBACK_TOKEN },
  ];
  for (const { name, url, token } of gateways) {
    if (url) providers.push(httpSmsProvider({ name, url, ...(token ? { token } : {}) }));
  }
  if (providers.length === 0) return logSmsProvider(logger);
  return providers.length === 1 ? providers[0]! : failoverSmsProvider(providers);
}

/** Text of an SMS: the school's signature, the title and a short part of the text. */
export function smsText(signature: string, title: string, text: string): string {
  const body = text.length > 50 ? `${text.slice(0, 49)}…` : text;
  return `【${signature}】${title}：${body}`;
}

export function smsDriver(provider: SmsProvider, signature = 'CampusBase'): ChannelDriver {
  return {
    channel: 'sms',
    personal: true,
    async deliver(job) {
      const message = job.messages[0]!;
      await provider.send({
        phone: job.address,
        text: smsText(signature, message.content.title, message.content.text),
        key: job.key,
      });
      const used = (provider as { lastProvider?: string | null }).lastProvider;
      return { provider: used ?? provider.name };
    },
  };
}
