import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelDriver } from './types.ts';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs its webhooks. */
export function signWebhook(secret: string, body: string, at = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');
  return `t=${at},v1=${mac}`;
}

/** For receivers (and tests): checks the signature and that it is at most `toleranceS` old. */
export function verifyWebhook(secret: string, body: string, header: string, toleranceS = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const at = Number(parts.t);
  if (!Number.isFinite(at) || Math.abs(Date.now() / 1000 - at) > toleranceS || !parts.v1) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${at}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function webhookDriver(options: { timeoutMs?: number } = {}): ChannelDriver {
  return {
    channel: 'webhook',
    async deliver(job) {
      const m = job.messages[0]!;
      const body = JSON.stringify({
        id: job.key,
        event: 'message.created',
        tenantId: m.tenantId,
        message: {
          id: m.id,
          category: m.category,
          priority: m.priority,
          sender: m.senderName,
          title: m.content.title,
          text: m.content.text,
          deepLink: m.deepLink,
          createdAt: m.createdAt.toISOString(),
        },
      });
      const response = await fetch(job.address, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-campusbase-signature': signWebhook(job.secret ?? '', body),
          'x-campusbase-delivery': job.key,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.status < 200 || response.status >= 300)
        throw new Error(`webhook answered ${response.status}`);
      return { provider: 'webhook' };
    },
  };
}
