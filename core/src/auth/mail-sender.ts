import { createTransport } from 'nodemailer';
import type { Logger } from '../logger.ts';

/** One transactional mail from identity (a password-reset link): never stored in any inbox. */
export interface IdentityMail {
  to: string;
  subject: string;
  text: string;
  purpose: 'password-reset-link';
}

/**
 * The port through which identity sends transactional mail. It goes straight to the mail server,
 * not through the message centre's outbox: a reset link is a credential and must not be kept in
 * message rows, inboxes or digests.
 */
export interface MailSender {
  send(mail: IdentityMail): Promise<void>;
}

/** Writes mail to the log (development, demos and tests). Never use it in production. */
export function logMailSender(logger: Logger): MailSender & { sent: IdentityMail[] } {
  const sent: IdentityMail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(mail);
      if (sent.length > 100) sent.shift();
      logger.info({ to: mail.to, subject: mail.subject, mail: mail.text }, 'email (log transport)');
    },
  };
}

/**
 * Sends through SMTP (`smtp(s)://user:pass@host:port`, the same SMTP_URL as the message centre).
 *
 * @example
 * const mail = smtpMailSender('smtps://noreply:secret@smtp.example.cn:465');
 */
export function smtpMailSender(
  smtpUrl: string,
  from = 'CampusBase 统一身份认证 <no-reply@campusbase.local>',
): MailSender {
  const transport = createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as object);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
