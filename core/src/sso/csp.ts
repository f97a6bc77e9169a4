import { portalCsp } from '../http/security-headers.ts';

/** A DNS name, an IPv4 address or a bracketed IPv6 address, as URL normalises them. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

/**
 * The origin a form on an SSO page may lead to: http(s) only, as the client registration enforces.
 * Anything else (a custom scheme, an unparsable value) gives null and is never allowed.
 */
export function formTargetOrigin(uri: unknown): string | null {
  if (typeof uri !== 'string') return null;
  const url = URL.parse(uri);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  // WHATWG URLs accept hosts such as `*`, which CSP would read as a wildcard.
  if (!HOST.test(url.hostname)) return null;
  return url.origin;
}

/**
 * The Content-Security-Policy of the SSO pages (login prompt, consent, logout, errors): the portal's
 * policy, never framed and framing nothing, whose `form-action` also allows the origins of the
 * already-validated redirect URIs given. Chromium applies form-action to every redirect after a
 * form POST, so 同意 on the consent page (POST → 303 → the client's redirect_uri) needs the client's
 * origin here; the caller passes only URIs the provider validated against the client registration.
 *
 * @example
 * ssoPageCsp(['https://jw.fenglin.example.edu.cn/oidc/callback'])
 * // "... form-action 'self' https://jw.fenglin.example.edu.cn"
 */
export function ssoPageCsp(formTargets: readonly unknown[] = []): string {
  const origins = [...new Set(formTargets.map(formTargetOrigin).filter((o) => o !== null))];
  const replaced: Record<string, string> = {
    'form-action': ["form-action 'self'", ...origins].join(' '),
    'frame-src': "frame-src 'none'",
    'frame-ancestors': "frame-ancestors 'none'",
    'worker-src': "worker-src 'none'",
  };
  return portalCsp([])
    .split('; ')
    .map((directive) => replaced[directive.split(' ', 1)[0]!] ?? directive)
    .join('; ');
}

/**
 * Adds form targets to a policy that is already on a response (the provider's own pages, where
 * oidc-provider may have added a script hash to script-src). Without form-action, the SSO policy is
 * used as is.
 */
export function withFormTargets(policy: string | undefined, formTargets: readonly unknown[]): string {
  const fresh = ssoPageCsp(formTargets);
  if (!policy?.includes('form-action')) return fresh;
  const formAction = fresh.split('; ').find((d) => d.startsWith('form-action'))!;
  return policy
    .split(';')
    .map((directive) => (directive.trim().startsWith('form-action') ? formAction : directive.trim()))
    .join('; ');
}
