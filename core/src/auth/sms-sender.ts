import type { Logger } from '../logger.ts';

/**
 * The port through which identity sends SMS login codes. The message centre implements it with a
 * real provider; until then `logSmsSender` writes the message to the log.
 */
export interface SmsSender {
  send(message: { phone: string; text: string; purpose: 'login-code' }): Promise<void>;
}

/** Writes SMS messages to the log (development and tests). Never use it in production. */
export function logSmsSender(logger: Logger): SmsSender & { sent: Array<{ phone: string; text: string }> } {
  const sent: Array<{ phone: string; text: string }> = [];
  return {
    sent,
    async send(message) {
      sent.push({ phone: message.phone, text: message.text });
      if (sent.length > 100) sent.shift();
      logger.info({ phone: message.phone, sms: message.text }, 'SMS (log provider)');
    },
  };
}
