export interface SecurityHeaderOptions {
  /** Origins the portal may frame (the app UI origin). */
  frameSources: string[];
  /** Send HSTS (only when the platform is served over https). */
  hsts: boolean;
}

/** The policy of the portal's own pages: scripts and frames from known origins only. */
export function portalCsp(frameSources: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Element Plus and Swagger UI set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // Monaco starts its language workers from blob: URLs.
    "worker-src 'self' blob:",
    `frame-src 'self' ${frameSources.join(' ')}`.trim(),
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The fixed response headers: one set for API answers, one for pages. */
export function securityHeaderSets(options: SecurityHeaderOptions): {
  api: ReadonlyArray<readonly [string, string]>;
  html: ReadonlyArray<readonly [string, string]>;
} {
  const common: Array<[string, string]> = [
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
  ];
  if (options.hsts) common.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  return {
    html: [
      ...common,
      ['Content-Security-Policy', portalCsp(options.frameSources)],
      ['X-Frame-Options', 'SAMEORIGIN'],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Permissions-Policy', 'camera=(self), microphone=(), geolocation=()'],
    ],
    api: [...common, ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"]],
  };
}
