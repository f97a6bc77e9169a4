import type { Logger } from '../logger.ts';

/**
 * The port through which identity sends SMS codes (login and password reset). The message centre
 * implements it with its SMS provider and adds the signature (【签名】); without it,
 * `logSmsSender` writes the message to the log.
 */
export interface SmsSender {
  send(message: { phone: string; text: string; purpose: 'login-code' | 'reset-code' }): Promise<void>;
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
