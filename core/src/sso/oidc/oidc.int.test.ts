import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness.ts';
import { startTestPlatform } from '../../../../test/platform.ts';
import type { Platform } from '../../platform.ts';
import { demoTenantIds } from '../../seed/demo.ts';
import { TestBrowser } from '../testing/browser.ts';
import { addOrgUnit, addPerson, sessionCookie } from '../testing/fixtures.ts';

describe('OpenID Connect provider, driven by openid-client over real HTTP', () => {
  let db: TestDatabase;
  let platform: Platform;
  let school: string;
  let otherSchool: string;
  let teacher: string;
  let classUnit: { id: string; path: string };
  let registered: { clientId: string; clientSecret: string };
  const redirectUri = 'https://jw.fenglin.example.edu.cn/oidc/callback';
  const postLogout = 'https://jw.fenglin.example.edu.cn/';

  beforeAll(async () => {
    db = await createTestDatabase();
    platform = await startTestPlatform(db);
    const ids = await demoTenantIds(db.owner);
    school = ids.get('school-primary')!;
    otherSchool = ids.get('school-middle')!;
    const grade = await addOrgUnit(db.owner, school, { name: '三年级', kind: 'grade' });
    classUnit = await addOrgUnit(db.owner, school, {
      name: '2班',
      kind: 'class',
      parentId: grade.id,
      parentPath: grade.path,
    });
    teacher = await addPerson(db.owner, {
      name: '李秀兰',
      phone: '13807710003',
      tenantId: school,
      role: 'teacher',
      orgUnitId: classUnit.id,
      number: 'T2015003',
    });
    const admin = await addPerson(db.owner, { name: '韦校管', tenantId: school, grants: ['school_admin'] });
    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, admin, school));
    const res = await browser.postJson('/api/v1/sso/oidc/clients', {
      name: '凤岭实验小学教务系统',
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [postLogout],
    });
    expect(res.status).toBe(201);
    registered = (await res.json()) as typeof registered;
  });
  afterAll(async () => {
    await platform?.stop();
    await db?.drop();
  });

  async function discover() {
    return oidc.discovery(
      new URL(`${platform.url}/oidc`),
      registered.clientId,
      undefined,
      oidc.ClientSecretBasic(registered.clientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
  }

  it('logs a teacher in with code + PKCE, puts school, roles and class in the ID token, then logs out', async () => {
    const config = await discover();
    expect(config.serverMetadata().code_challenge_methods_supported).toEqual(['S256']);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile campus',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });

    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, teacher, school));
    // Login is the platform session, so the first stop is consent.
    const consent = await browser.follow(await browser.get(authUrl.href));
    expect(consent.res.status).toBe(200);
    const page = await consent.res.text();
    expect(page).toContain('凤岭实验小学教务系统');
    expect(page).toContain('您所在的学校、角色');
    const uid = /\/oidc\/interaction\/([A-Za-z0-9_-]+)\/confirm/.exec(page)![1]!;
    const back = await browser.follow(await browser.post(`/oidc/interaction/${uid}/confirm`));
    expect(back.location).toMatch(/^https:\/\/jw\.fenglin\.example\.edu\.cn\/oidc\/callback\?code=/);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location!), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(`${platform.url}/oidc`);
    expect(claims.aud).toBe(registered.clientId);
    expect(claims.sub).toBe(teacher);
    expect(claims.name).toBe('李秀兰');
    expect(claims.school_number).toBe('T2015003');
    expect(claims.tenant).toMatchObject({ id: school, code: '2145010301', name: '南宁市青秀区凤岭实验小学' });
    expect(claims.roles).toEqual(['teacher']);
    expect(claims.org_units).toEqual([{ id: classUnit.id, name: '2班', kind: 'class', role: 'teacher' }]);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, teacher);
    expect(info.name).toBe('李秀兰');

    const endUrl = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: postLogout,
      state: 'bye',
    });
    const confirmPage = await browser.get(endUrl.href);
    const html = await confirmPage.text();
    expect(html).toContain('退出登录');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const out = await browser.follow(
      await browser.post('/oidc/session/end/confirm', { xsrf, logout: 'yes' }),
    );
    expect(out.location).toBe(`${postLogout}?state=bye`);

    // The platform session ended too: the same browser now meets the login form.
    const again = await browser.follow(await browser.get(authUrl.href));
    expect(again.res.status).toBe(200);
    expect(await again.res.text()).toContain('登录统一身份认证');
  });

  it('remembers consent and refuses a redirect URI that is not on the allow-list', async () => {
    const config = await discover();
    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, teacher, school));
    const params = (redirect: string) => ({
      redirect_uri: redirect,
      scope: 'openid profile campus',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const good = () => oidc.buildAuthorizationUrl(config, params(redirectUri)).href;
    const first = await browser.follow(await browser.get(good()));
    const uid = /\/oidc\/interaction\/([A-Za-z0-9_-]+)\/confirm/.exec(await first.res.text())![1]!;
    const granted = await browser.follow(await browser.post(`/oidc/interaction/${uid}/confirm`));
    expect(granted.location).toContain('code=');
    // Consent given once is remembered: the second request goes straight back with a code.
    const second = await browser.follow(await browser.get(good()));
    expect(second.location).toContain('code=');

    const bad = await browser.get(
      oidc.buildAuthorizationUrl(config, params('https://evil.example.com/cb')).href,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('redirect_uri');
  });

  it("gives the consent and logout pages a CSP whose form-action names exactly the client's validated origin", async () => {
    const config = await discover();
    const formAction = (res: Response) => {
      const policy = res.headers.get('content-security-policy') ?? '';
      const directives = policy.split(';').map((d) => d.trim());
      expect(directives, policy).toContain("frame-ancestors 'none'");
      expect(directives, policy).toContain("script-src 'self'");
      return directives.filter((d) => d.startsWith('form-action'));
    };
    const person = await addPerson(db.owner, { name: '黄丽萍', tenantId: school, role: 'teacher' });
    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, person, school));
    const params = (redirect: string) => ({
      redirect_uri: redirect,
      scope: 'openid profile',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });

    // The consent page: 同意 posts here and is redirected to the client, so its origin is allowed.
    const consent = await browser.follow(
      await browser.get(oidc.buildAuthorizationUrl(config, params(redirectUri)).href),
    );
    const consentHtml = await consent.res.text();
    expect(consentHtml).toContain('授权「凤岭实验小学教务系统」');
    expect(formAction(consent.res)).toEqual(["form-action 'self' https://jw.fenglin.example.edu.cn"]);

    // A redirect URI off the allow-list gets an error page that names no outside origin.
    const refused = await browser.get(
      oidc.buildAuthorizationUrl(config, params('https://evil.example.com/cb')).href,
    );
    expect(refused.status).toBe(400);
    expect(formAction(refused)).toEqual(["form-action 'self'"]);
    // A stale interaction uid gets the platform's own policy only.
    const stale = await browser.get('/oidc/interaction/AAAAAAAAAAAAAAAA');
    expect(stale.status).toBe(400);
    expect(formAction(stale)).toEqual(["form-action 'self'"]);

    // RP-initiated logout: the confirmation page posts and is redirected to post_logout_redirect_uri.
    const uid = /\/oidc\/interaction\/([A-Za-z0-9_-]+)\/confirm/.exec(consentHtml)![1]!;
    const granted = await browser.follow(await browser.post(`/oidc/interaction/${uid}/confirm`));
    expect(granted.location).toContain('code=');
    const logout = (post: string) =>
      browser.get(
        `/oidc/session/end?${new URLSearchParams({ client_id: registered.clientId, post_logout_redirect_uri: post })}`,
      );
    const confirmPage = await logout(postLogout);
    expect(confirmPage.status).toBe(200);
    expect(await confirmPage.text()).toContain('退出登录');
    expect(formAction(confirmPage)).toEqual(["form-action 'self' https://jw.fenglin.example.edu.cn"]);
    const foreign = await logout('https://evil.example.com/');
    expect(foreign.status).toBe(400);
    expect(formAction(foreign)).toEqual(["form-action 'self'"]);
  });

  it('refuses a person who is not in the school that registered the client, and needs PKCE', async () => {
    const config = await discover();
    const outsider = await addPerson(db.owner, { name: '覃外校', tenantId: otherSchool, role: 'teacher' });
    const browser = new TestBrowser(platform.url, await sessionCookie(db.app, outsider, otherSchool));
    const denied = await browser.follow(
      await browser.get(
        oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope: 'openid',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }).href,
      ),
    );
    expect(denied.location).toContain('error=access_denied');

    const noPkce = await browser.get(
      oidc.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid' }).href,
    );
    const location = noPkce.headers.get('location') ?? '';
    expect(location).toContain('error=invalid_request');
    expect(decodeURIComponent(location)).toContain('PKCE');
  });

  it('publishes the next key before it signs, and keeps the old one after rotation', async () => {
    const jwks = async () =>
      (
        (await (await fetch(`${platform.url}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> }
      ).keys.map((k) => k.kid);
    const before = await jwks();
    expect(before).toHaveLength(2);
    const admin = await addPerson(db.owner, {
      name: '平台管理员',
      tenantId: (await demoTenantIds(db.owner)).get('platform')!,
      grants: ['platform_admin'],
    });
    const browser = new TestBrowser(
      platform.url,
      await sessionCookie(db.app, admin, (await demoTenantIds(db.owner)).get('platform')!),
    );
    const res = await browser.postJson('/api/v1/sso/oidc/keys/rotate', {});
    expect(res.status).toBe(200);
    const { kid } = (await res.json()) as { kid: string };
    expect(kid).toBe(before[1]);
    const after = await jwks();
    expect(after[0]).toBe(kid);
    expect(after).toContain(before[0]);
    expect(after).toHaveLength(3);
  });
});
