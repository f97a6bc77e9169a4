import type { Context } from 'hono';
import type { AppEnv } from '../http/types.ts';
import type { Person } from '../identity/identity.table.ts';
import { findPersonByLogin } from '../identity/persons.repository.ts';
import { issueResetToken } from './password-reset.service.ts';
import { clientIp } from './session.service.ts';
import { lockedError, lockedUntil, recordHit } from './throttle.ts';

// The same budget as SMS codes: one per minute and five per hour per address, twenty per hour per IP.
const SEND_INTERVAL = { max: 1, windowMs: 60_000, lockMs: 60_000 };
const SEND_PER_ADDRESS = { max: 5, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };
const SEND_PER_IP = { max: 20, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };

/**
 * The link's secret travels in the fragment (`#reset=`): browsers never send a fragment to a
 * server, so it does not reach access logs, proxies or the Referer of the next page.
 */
export function resetLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/login#reset=${token}`;
}

function mailText(person: Person, link: string): string {
  return [
    `${person.display_name}，您好：`,
    '',
    '我们收到了找回您 CampusBase 账号密码的请求。请在 30 分钟内打开下面的链接设置新密码，链接只能使用一次：',
    '',
    link,
    '',
    '如果这不是您本人的操作，请忽略本邮件，您的密码不会改变。',
    '',
    '—',
    `Hello ${person.display_name}, we received a request to reset your CampusBase password.`,
    'Open the link above within 30 minutes to set a new one; it works once.',
    'If this was not you, ignore this mail and your password stays as it is.',
  ].join('\n');
}

/**
 * Issues an email link under the send limits and mails it when an active account has this
 * address. The token is stored for unknown addresses too and the mail leaves after the answer is
 * decided, so the answer and its timing are the same either way. Returns the person it went to.
 */
export async function sendResetLink(c: Context<AppEnv>, email: string): Promise<Person | undefined> {
  const identity = c.get('identity');
  const ip = clientIp(c);
  const keys = [`reset:email:interval:${email}`, `reset:email:address:${email}`, `reset:email:ip:${ip}`];
  for (const key of keys) {
    const locked = await lockedUntil(identity.db, key);
    if (locked) throw lockedError(locked, { zh: '找回密码邮件', en: 'reset emails' });
  }
  await recordHit(identity.db, keys[0] as string, SEND_INTERVAL);
  await recordHit(identity.db, keys[1] as string, SEND_PER_ADDRESS);
  await recordHit(identity.db, keys[2] as string, SEND_PER_IP);
  const found = await findPersonByLogin(identity.db, { kind: 'email', value: email });
  const person = found?.status === 'active' ? found : undefined;
  const { token } = await issueResetToken(identity, {
    kind: 'email_link',
    channel: 'email',
    personId: person?.id ?? null,
  });
  if (!person) return undefined;
  void identity.mail
    .send({
      to: email,
      subject: 'CampusBase 找回密码 / Reset your password',
      text: mailText(person, resetLink(identity.publicUrl, token)),
      purpose: 'password-reset-link',
    })
    .catch((error: unknown) => identity.logger.error({ err: error }, 'reset mail failed'));
  return person;
}
