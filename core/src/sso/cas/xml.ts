/** CAS protocol 3.0 responses (https://apereo.github.io/cas/7.0.x/protocol/CAS-Protocol-Specification.html). */

export type CasErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_TICKET_SPEC'
  | 'INVALID_TICKET'
  | 'INVALID_SERVICE'
  | 'UNAUTHORIZED_SERVICE_PROXY'
  | 'INTERNAL_ERROR';

export type CasAttributes = Record<string, string | string[]>;

export function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Attribute names become XML element names, so only safe names pass. */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/**
 * @example
 * casSuccessXml('20250001', { name: '黄子涵', roles: ['student'] })
 * // <cas:serviceResponse …><cas:authenticationSuccess><cas:user>20250001</cas:user><cas:attributes>…
 */
export function casSuccessXml(user: string, attributes: CasAttributes | null): string {
  const attrs = attributes
    ? `<cas:attributes>${Object.entries(attributes)
        .filter(([name]) => NAME.test(name))
        .flatMap(([name, value]) =>
          (Array.isArray(value) ? value : [value]).map((v) => `<cas:${name}>${escapeXml(v)}</cas:${name}>`),
        )
        .join('')}</cas:attributes>`
    : '';
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user>${escapeXml(user)}</cas:user>${attrs}</cas:authenticationSuccess></cas:serviceResponse>\n`;
}

export function casFailureXml(code: CasErrorCode, description: string): string {
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="${code}">${escapeXml(description)}</cas:authenticationFailure></cas:serviceResponse>\n`;
}

/** The JSON form CAS 3.0 answers with when the client asks `format=JSON`. */
export function casSuccessJson(user: string, attributes: CasAttributes | null) {
  return { serviceResponse: { authenticationSuccess: { user, ...(attributes ? { attributes } : {}) } } };
}

export function casFailureJson(code: CasErrorCode, description: string) {
  return { serviceResponse: { authenticationFailure: { code, description } } };
}
