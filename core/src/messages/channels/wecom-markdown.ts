import type { Category, Priority } from '../messages.table.ts';
import type { JobMessage } from './types.ts';

/** WeCom refuses markdown content longer than 4096 bytes (UTF-8). */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

const CATEGORY: Record<Category, string> = { notice: '通知', todo: '待办', alert: '告警', approval: '审批' };
const FLAG: Partial<Record<Priority, string>> = { urgent: '紧急', high: '重要' };

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * WeCom markdown treats `<font …>` and `<@userid>` as markup: text from senders must not colour
 * itself or mention people, so angle brackets become their full-width forms.
 */
function plain(text: string): string {
  return text.replace(/</g, '＜').replace(/>/g, '＞');
}

/** The longest prefix of `text` (whole code points) that fits in `budget` bytes. */
function fit(text: string, budget: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    used += bytes(ch);
    if (used > budget) break;
    out += ch;
  }
  return out;
}

/**
 * One message as WeCom group-robot markdown: category and title, sender and time, the text, and a
 * link into the portal. Content over 4096 bytes is cut at a character boundary and ends with a
 * link to the inbox, where the whole message is.
 *
 * @example
 * robotMarkdown(message, 'https://campus.example.edu.cn'); // '**【通知】家长会通知**\n> …'
 */
export function robotMarkdown(message: JobMessage, publicUrl: string, maxBytes = WECOM_MARKDOWN_MAX_BYTES) {
  const base = publicUrl.replace(/\/$/, '');
  const inbox = `${base}/messages`;
  const flag = FLAG[message.priority];
  const time = message.createdAt.toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const head = [
    `${flag ? `<font color="warning">【${flag}】</font>` : ''}**【${CATEGORY[message.category]}】${plain(message.content.title)}**`,
    `> <font color="comment">${plain(message.senderName)} · ${time}</font>`,
    '',
  ].join('\n');
  const text = plain(message.content.text.trim());
  const open = `\n\n[查看详情](${message.deepLink ? `${base}${message.deepLink}` : inbox})`;
  const whole = `${head}\n${text}${open}`;
  if (bytes(whole) <= maxBytes) return { content: whole, truncated: false };
  const tail = `…\n\n内容较长，[在消息中心查看全文](${inbox})`;
  const budget = maxBytes - bytes(head) - 1 - bytes(tail);
  return { content: `${head}\n${fit(text, Math.max(0, budget))}${tail}`, truncated: true };
}
