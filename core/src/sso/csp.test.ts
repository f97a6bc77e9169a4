import { describe, expect, it } from 'vitest';
import { portalCsp } from '../http/security-headers.ts';
import { formTargetOrigin, ssoPageCsp, withFormTargets } from './csp.ts';

const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

describe('SSO page CSP', () => {
  it('is the portal policy, unframeable, with form-action limited to self and the given origins', () => {
    const policy = directives(ssoPageCsp(['https://jw.example.edu.cn/oidc/callback?x=1']));
    expect(policy.get('form-action')).toEqual(["'self'", 'https://jw.example.edu.cn']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
    const portal = directives(portalCsp([]));
    for (const name of ['default-src', 'script-src', 'connect-src', 'object-src', 'base-uri', 'img-src']) {
      expect(policy.get(name), name).toEqual(portal.get(name));
    }
  });

  it('never lets a value break out of the directive or name a wildcard or custom scheme', () => {
    for (const bad of [
      '*',
      'https://*',
      'javascript:alert(1)',
      'com.evil.app:/cb',
      'http://a*b.example',
      "'unsafe-inline'",
      'x; script-src *',
      7,
    ]) {
      expect(formTargetOrigin(bad), String(bad)).toBeNull();
    }
    expect(directives(ssoPageCsp(['*', 'data:text/html,x'])).get('form-action')).toEqual(["'self'"]);
    expect(formTargetOrigin('https://a.example.edu.cn:8443/x;script-src *')).toBe(
      'https://a.example.edu.cn:8443',
    );
  });

  it('adds targets to a policy the provider already extended, keeping its script hash', () => {
    const extended = ssoPageCsp()
      .replace("script-src 'self'", "script-src 'self' 'sha256-abc'")
      .replaceAll('; ', ';');
    const policy = directives(withFormTargets(extended, ['http://10.0.0.8:8080/bye']));
    expect(policy.get('script-src')).toEqual(["'self'", "'sha256-abc'"]);
    expect(policy.get('form-action')).toEqual(["'self'", 'http://10.0.0.8:8080']);
    expect(directives(withFormTargets(undefined, [])).get('form-action')).toEqual(["'self'"]);
  });
});
