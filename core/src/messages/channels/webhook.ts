import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { CredentialSealer } from '../sealing.ts';
import { type ChannelDriver, extrasKey, type JobExtras, openOr, PermanentDeliveryError } from './types.ts';

const mac = (secret: string, at: number, body: string) =>
  createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs its webhooks. During a
 * secret rotation's grace period there is one `v1` per valid secret, the new one first.
 */
export function signWebhook(
  secrets: string | ReadonlyArray<string>,
  body: string,
  at = Math.floor(Date.now() / 1000),
): string {
  const all = typeof secrets === 'string' ? [secrets] : secrets;
  return [`t=${at}`, ...all.map((s) => `v1=${mac(s, at, body)}`)].join(',');
}

/** For receivers (and tests): checks that one `v1` matches and that it is at most `toleranceS` old. */
export function verifyWebhook(secret: string, body: string, header: string, toleranceS = 300): boolean {
  const parts = header.split(',').map((p) => p.split('=') as [string, string | undefined]);
  const at = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isFinite(at) || Math.abs(Date.now() / 1000 - at) > toleranceS) return false;
  const expected = Buffer.from(mac(secret, at, body));
  return parts.some(([k, v]) => {
    if (k !== 'v1' || !v) return false;
    const given = Buffer.from(v);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/**
 * The signing secrets of the webhooks in a batch, opened from their sealed form: the current one,
 * and the previous one while its grace period after a rotation lasts.
 */
export async function webhookSecrets(
  owner: Kysely<Database>,
  sealer: CredentialSealer,
  rows: ReadonlyArray<{ tenantId: string; target: string }>,
): Promise<Map<string, JobExtras>> {
  const found = new Map<string, JobExtras>();
  if (rows.length === 0) return found;
  const hooks = await owner
    .selectFrom('message_webhooks')
    .select(['tenant_id', 'id', 'secret_sealed', 'previous_secret_sealed', 'previous_valid_until'])
    .where(
      'id',
      'in',
      rows.map((r) => r.target),
    )
    .execute();
  const now = Date.now();
  for (const h of hooks) {
    const extras = openOr(() => {
      const secrets = [sealer.open(h.secret_sealed)];
      if (h.previous_secret_sealed && h.previous_valid_until && h.previous_valid_until.getTime() > now)
        secrets.push(sealer.open(h.previous_secret_sealed));
      return { secrets };
    });
    found.set(extrasKey(h.tenant_id, h.id), extras);
  }
  return found;
}

export function webhookDriver(options: {
  owner: Kysely<Database>;
  sealer: CredentialSealer;
  timeoutMs?: number;
}): ChannelDriver {
  return {
    channel: 'webhook',
    personal: false,
    prepare: (rows) => webhookSecrets(options.owner, options.sealer, rows),
    async deliver(job) {
      if (job.extras.problem) throw new PermanentDeliveryError(job.extras.problem);
      const secrets = job.extras.secrets;
      // A webhook removed from the database has nothing to sign with: never send unsigned.
      if (!secrets || secrets.length === 0) throw new PermanentDeliveryError('the webhook was removed');
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
          'x-campusbase-signature': signWebhook(secrets, body),
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
