import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { CredentialSealer } from '../sealing.ts';
import {
  type ChannelDriver,
  extrasKey,
  type JobExtras,
  openOr,
  PermanentDeliveryError,
  RetryLaterError,
} from './types.ts';
import { robotMarkdown } from './wecom-markdown.ts';

const SEND_PATH = '/cgi-bin/webhook/send';
const KEY = /^[A-Za-z0-9-]{8,64}$/;

/** WeCom's "api freq out of limit": a robot takes 20 messages a minute. */
export const WECOM_RATE_LIMITED = 45009;

/**
 * The key of a robot webhook URL as WeCom shows it (群机器人 → 添加 → Webhook 地址), or null when the
 * URL is anything else: another host or path, extra parameters, a key of the wrong shape.
 *
 * @example
 * robotKeyOf('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx', 'https://qyapi.weixin.qq.com');
 */
export function robotKeyOf(url: string, apiBase: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.origin !== new URL(apiBase).origin || parsed.pathname !== SEND_PATH) return null;
  if (parsed.username || parsed.password || parsed.hash) return null;
  const keys = [...parsed.searchParams.keys()];
  const key = parsed.searchParams.get('key');
  if (keys.length !== 1 || !key || !KEY.test(key)) return null;
  return key;
}

export function robotUrl(apiBase: string, key: string): string {
  return `${new URL(apiBase).origin}${SEND_PATH}?key=${encodeURIComponent(key)}`;
}

/** The last characters of a key, enough to tell robots apart and useless to post with. */
export const keyHint = (key: string) => key.slice(-4);

export interface WecomOptions {
  owner: Kysely<Database>;
  sealer: CredentialSealer;
  apiBase: string;
  /** The portal's address, for links in the group. */
  publicUrl: string;
  /** How long to wait after WeCom's rate limit before the next try (WeCom counts per minute). */
  rateLimitDelayMs?: number;
  timeoutMs?: number;
}

async function robotKeys(
  options: WecomOptions,
  rows: ReadonlyArray<{ tenantId: string; target: string }>,
): Promise<Map<string, JobExtras>> {
  const found = new Map<string, JobExtras>();
  if (rows.length === 0) return found;
  const robots = await options.owner
    .selectFrom('message_wecom_robots')
    .select(['tenant_id', 'id', 'key_sealed'])
    .where(
      'id',
      'in',
      rows.map((r) => r.target),
    )
    .execute();
  for (const r of robots)
    found.set(
      extrasKey(r.tenant_id, r.id),
      openOr(() => ({ robotKey: options.sealer.open(r.key_sealed) })),
    );
  return found;
}

/**
 * WeCom group robots: one markdown message per outbox row, POSTed to the robot's webhook. WeCom
 * answers HTTP 200 with `{errcode, errmsg}`: 0 is delivered, 45009 (rate limit) is retried after
 * `rateLimitDelayMs` with backoff, any other code is final (a removed robot, a wrong key) and goes
 * to the dead letters with WeCom's reason. Network errors and non-200 answers are retried.
 */
export function wecomDriver(options: WecomOptions): ChannelDriver {
  return {
    channel: 'wecom',
    personal: false,
    prepare: (rows) => robotKeys(options, rows),
    async deliver(job) {
      if (job.extras.problem) throw new PermanentDeliveryError(job.extras.problem);
      const key = job.extras.robotKey;
      if (!key) throw new PermanentDeliveryError('the WeCom robot was removed');
      const { content } = robotMarkdown(job.messages[0]!, options.publicUrl);
      const response = await fetch(robotUrl(options.apiBase, key), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`WeCom answered HTTP ${response.status}`);
      }
      const answer = (await response.json().catch(() => null)) as {
        errcode?: unknown;
        errmsg?: unknown;
      } | null;
      const code = typeof answer?.errcode === 'number' ? answer.errcode : null;
      const reason = typeof answer?.errmsg === 'string' ? answer.errmsg.slice(0, 300) : '';
      if (code === 0) return { provider: 'wecom' };
      if (code === null) throw new Error('WeCom answered without an errcode');
      if (code === WECOM_RATE_LIMITED)
        throw new RetryLaterError(
          `WeCom rate limit (errcode 45009): ${reason}`,
          options.rateLimitDelayMs ?? 60_000,
        );
      throw new PermanentDeliveryError(`WeCom refused the message (errcode ${code}): ${reason}`);
    },
  };
}
