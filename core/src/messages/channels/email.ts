import type { Kysely } from 'kysely';
import { createTransport, type Transporter } from 'nodemailer';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { render, BUILT_IN_TEMPLATES } from '../render.ts';
import { schoolSenderNames } from '../sender.repository.ts';
import type { ChannelDriver, OutboxJob } from './types.ts';

export interface EmailOptions {
  /** smtp(s)://user:pass@host:port; when absent, mail is written to the log. */
  smtpUrl?: string;
  /** SMTP_FROM: `address` or `Name <address>`. */
  from?: string;
  /** For the schools' own sender names (messages.sender); without it every mail uses `from`. */
  owner?: Kysely<Database>;
  /** The portal's address, for links in mail. */
  publicUrl: string;
  logger: Logger;
}

function link(publicUrl: string, deepLink: string | null): string {
  return `${publicUrl.replace(/\/$/, '')}${deepLink ?? '/messages'}`;
}

/** The mail for a job: one message, or the digest of several. */
export function composeMail(
  job: OutboxJob,
  publicUrl: string,
): { subject: string; text: string; html: string } {
  const first = job.messages[0]!;
  if (!job.digest || job.messages.length === 1) {
    const url = link(publicUrl, first.deepLink);
    return {
      subject: first.content.title,
      text: `${first.content.text}\n\n${first.senderName}\n${url}`,
      html: `${first.content.html}<p>${escapeHtml(first.senderName)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    };
  }
  const items = job.messages.map((m) => `· ${m.senderName}：${m.content.title}`).join('\n');
  const set = BUILT_IN_TEMPLATES['message.digest']!;
  const rendered = render(set, { count: job.messages.length, items });
  const chosen = (job.locale === 'en' ? rendered.en : undefined) ?? rendered['zh-CN'];
  const list = job.messages
    .map(
      (m) =>
        `<li>${escapeHtml(m.senderName)}：<a href="${escapeHtml(link(publicUrl, m.deepLink))}">${escapeHtml(m.content.title)}</a></li>`,
    )
    .join('');
  return {
    subject: chosen.title,
    text: `${chosen.text}\n\n${link(publicUrl, '/messages')}`,
    html: `<ul>${list}</ul>`,
  };
}

export const DEFAULT_FROM = 'CampusBase 消息中心 <no-reply@campusbase.local>';

/** SMTP_FROM as name and address; a school's own name replaces the name, never the address. */
export function fromAddress(from: string, schoolName?: string): { name: string; address: string } {
  const match = /^(.*?)\s*<([^<>]+)>$/.exec(from.trim());
  const name = (match ? match[1]!.replace(/^"(.*)"$/, '$1') : '').trim();
  const address = match ? match[2]! : from.trim();
  return { name: schoolName ?? name, address };
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`,
  );
}

/**
 * Email over SMTP with nodemailer. Each job gets a Message-ID derived from its outbox row, so a
 * mail resent after a crash carries the same id and mail systems can drop the copy.
 */
export function emailDriver(options: EmailOptions): ChannelDriver {
  const transport: Transporter = options.smtpUrl
    ? createTransport(options.smtpUrl, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as object)
    : createTransport({ jsonTransport: true });
  const from = options.from ?? DEFAULT_FROM;
  const owner = options.owner;
  return {
    channel: 'email',
    personal: true,
    ...(owner ? { prepare: (rows) => schoolSenderNames(owner, rows) } : {}),
    async deliver(job) {
      const mail = composeMail(job, options.publicUrl);
      const row = job.rows[0]!;
      await transport.sendMail({
        from: fromAddress(from, job.extras.fromName),
        to: job.address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<cb-${row.tenantId}-${row.id}@campusbase>`,
        headers: { 'X-CampusBase-Delivery': job.key },
      });
      if (!options.smtpUrl)
        options.logger.info({ to: job.address, subject: mail.subject }, 'email (log transport)');
      return { provider: options.smtpUrl ? 'smtp' : 'log' };
    },
    async close() {
      transport.close();
    },
  };
}
