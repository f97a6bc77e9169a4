import { InputError, LimitError, UnavailableError } from '@campusbase/plugin-sdk/errors';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export const FETCH_LIMITS = {
  maxResponseBytes: 5 * 1024 * 1024,
  defaultTimeoutMs: 10_000,
  maxTimeoutMs: 30_000,
};

export interface FetchArgs {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

const PRIVATE_V4 = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
  [0xe0000000, 3],
] as const;

/** Loopback, private, link-local, CGNAT and multicast addresses: never reachable from an app. */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const n = address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
    return PRIVATE_V4.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits));
  }
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) return isPrivateAddress(lower.slice(7));
  return (
    lower === '::1' ||
    lower === '::' ||
    /^f[cd]/.test(lower) ||
    /^fe[89ab]/.test(lower) ||
    lower.startsWith('ff')
  );
}

/**
 * Fetches an https URL for an app whose scope for the host has already been checked. Redirects
 * are not followed (a redirect could lead to an undeclared host); hosts that resolve to private
 * addresses are refused, so an app cannot reach the school's intranet or the platform itself;
 * the body is capped at 5 MB and the call at 30 s.
 */
export async function appFetch(args: FetchArgs, options: { allowPrivateNetwork?: boolean } = {}) {
  const url = new URL(args.url);
  if (!options.allowPrivateNetwork) {
    const addresses = isIP(url.hostname)
      ? [{ address: url.hostname }]
      : await lookup(url.hostname, { all: true }).catch(() => {
          throw new UnavailableError(
            { zh: `无法解析域名 ${url.hostname}`, en: `Cannot resolve ${url.hostname}` },
            undefined,
            'fetch_dns_failed',
          );
        });
    if (addresses.some((a) => isPrivateAddress(a.address))) {
      throw new InputError(
        { zh: `不允许访问内网地址 ${url.hostname}`, en: `${url.hostname} resolves to a private address` },
        { host: url.hostname },
        'fetch_private_address',
      );
    }
  }
  const timeoutMs = Math.min(args.timeoutMs ?? FETCH_LIMITS.defaultTimeoutMs, FETCH_LIMITS.maxTimeoutMs);
  const headers = new Headers(args.headers ?? {});
  headers.delete('cookie');
  headers.set('user-agent', 'CampusBase-App/1');
  let response: Response;
  try {
    response = await fetch(url, {
      method: args.method ?? 'GET',
      headers,
      ...(args.body !== undefined ? { body: args.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new UnavailableError(
      { zh: `访问 ${url.hostname} 失败`, en: `Fetching ${url.hostname} failed: ${(error as Error).message}` },
      { host: url.hostname },
      'fetch_failed',
    );
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > FETCH_LIMITS.maxResponseBytes) {
      await reader.cancel();
      throw new LimitError(
        { zh: '外部网站返回的数据超过 5 MB', en: 'The response is larger than 5 MB' },
        { status: 413, code: 'fetch_response_too_large' },
      );
    }
    chunks.push(value);
  }
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') outHeaders[name] = value;
  });
  return { status: response.status, headers: outHeaders, body: Buffer.concat(chunks).toString('utf8') };
}
