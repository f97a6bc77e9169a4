import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/ports.ts';
import { newContext, screenshotOnFailure, screenshots } from './browser.ts';
import { DEMO_PASSWORD } from './sign-in.ts';
import { platformSuite } from './suite.ts';

const fenglin = { code: '2145010301', name: '南宁市青秀区凤岭实验小学' };
const suite = 'sso';
const libraryName = '凤岭实验小学智慧图书馆';

/**
 * The school's library system, as a stand-in relying party on its own port: it records the
 * requests that reach its callback and answers with a plain page.
 */
interface Library {
  url: string;
  hits: URL[];
  close(): Promise<void>;
}
async function startLibrary(): Promise<Library> {
  const port = await freePort();
  const hits: URL[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(new URL(req.url ?? '/', `http://localhost:${port}`));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>图书馆</title><h1>正在登录图书馆系统…</h1>');
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://localhost:${port}`,
    hits,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** An authorization request as the library would send it: code flow with PKCE (S256). */
function authorization(clientId: string, redirectUri: string) {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(12));
  const query = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile campus',
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  });
  return { url: `/oidc/auth?${query}`, verifier, state };
}

let library: Library;
let other: Library;
const shot = screenshots(suite);
const files = platformSuite(suite);

beforeAll(async () => {
  [library, other] = await Promise.all([startLibrary(), startLibrary()]);
});
afterAll(async () => {
  await Promise.all([library?.close(), other?.close()]);
});

/** What the admin registers in the first test and the library is configured with afterwards. */
const registered = { clientId: '', secret: '', redirectUri: '' };

async function openSecuritySettings(page: Page) {
  await page.getByRole('menuitem', { name: '安全设置' }).click();
  const card = page.getByTestId('sso-card');
  await card.getByTestId('oidc-clients').waitFor();
  return card;
}

/** The library redeems a code at the token endpoint with its client id and a secret. */
function redeem(secret: string, code: string, verifier: string) {
  return fetch(`${files.platform.url}/oidc/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${registered.clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: registered.redirectUri,
      code_verifier: verifier,
    }),
  });
}

/**
 * Runs `step` and waits until the page is back at the library's callback; fails at once, with the
 * browser's own words, when a Content Security Policy blocks the way there.
 */
async function backAtLibrary(page: Page, step: () => Promise<unknown>): Promise<URL> {
  let onConsole: ((m: { text(): string }) => void) | undefined;
  const blocked = new Promise<never>((_, reject) => {
    onConsole = (m) => {
      if (m.text().includes('Content Security Policy')) reject(new Error(m.text()));
    };
    page.on('console', onConsole);
  });
  blocked.catch(() => undefined);
  try {
    await step();
    await Promise.race([page.waitForURL((url) => url.href.startsWith(registered.redirectUri)), blocked]);
  } finally {
    if (onConsole) page.off('console', onConsole);
  }
  const at = new URL(page.url());
  // The library itself saw the request (not only the browser's address bar).
  expect(library.hits.some((hit) => hit.href === at.href)).toBe(true);
  return at;
}

/** The school admin flips 跳过授权确认页 of the library's client in the portal. */
async function switchConsentPage() {
  const admin = await files.as(fenglin.code, 'admin.fenglin');
  const card = await openSecuritySettings(admin.page);
  await card
    .getByTestId('oidc-clients')
    .locator('tr', { hasText: libraryName })
    .getByTestId('oidc-edit')
    .click();
  await admin.page.getByText('跳过授权确认页（仅限学校自建系统）').click();
  await admin.page.getByTestId('oidc-save').click();
  await admin.page.getByText('已保存').first().waitFor();
  await admin.context.close();
}

describe('统一身份认证接入: a school registers its library system', () => {
  it('registers an OIDC client with a redirect URI and shows the secret once', async () => {
    const admin = await files.as(fenglin.code, 'admin.fenglin');
    const page = admin.page;
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/sso/oidc/clients')) posts.push(r.url());
    });
    const card = await openSecuritySettings(page);
    await card.getByTestId('oidc-add').click();
    await page.getByTestId('oidc-name').fill(libraryName);

    // A public plain-http address is named while typing and never sent.
    const redirects = page.getByTestId('oidc-redirects');
    await redirects.fill('http://lib.fenglin.example.com/callback');
    await page.getByText('以下地址不合要求：http://lib.fenglin.example.com/callback').first().waitFor();
    await page.getByTestId('oidc-save').click();
    expect(posts).toHaveLength(0);
    await shot(page, 'a refused redirect uri');

    registered.redirectUri = `${library.url}/oidc/callback`;
    await redirects.fill(registered.redirectUri);
    await page.getByTestId('oidc-save').click();
    registered.clientId = await page.getByTestId('new-client-id').inputValue();
    registered.secret = await page.getByTestId('new-client-secret').inputValue();
    expect(posts).toHaveLength(1);
    expect(registered.secret.length).toBeGreaterThanOrEqual(32);
    await shot(page, 'the secret shown once');
    await page.getByTestId('secret-done').click();

    const row = card.getByTestId('oidc-clients').locator('tr', { hasText: libraryName });
    await row.getByText(registered.redirectUri).waitFor();
    expect(await row.textContent()).toContain(registered.clientId);
    // Once closed, the secret is nowhere: not on the page, not after a reload, not in the API.
    expect(await page.content()).not.toContain(registered.secret);
    await page.reload();
    await card.getByTestId('oidc-clients').getByText(libraryName).waitFor();
    expect(await page.content()).not.toContain(registered.secret);
    const listed = await admin.fetch('/api/v1/sso/oidc/clients');
    expect(JSON.stringify(listed.body)).toContain(registered.clientId);
    expect(JSON.stringify(listed.body)).not.toContain(registered.secret);
    await shot(page, 'registered');
    await admin.context.close();
  });

  it('refuses other redirect URIs for the client, and teachers cannot read or register clients', async () => {
    const teacher = await files.as(fenglin.code, 'linmeiling');
    // The same client with a redirect URI that is not on its allow-list (another port on the same
    // host) gets an error page on the platform, and nothing reaches that address.
    for (const redirect of [`${other.url}/oidc/callback`, `${registered.redirectUri}/../../evil`]) {
      const refused = await teacher.page.goto(authorization(registered.clientId, redirect).url);
      expect(refused?.status(), redirect).toBe(400);
      expect(new URL(teacher.page.url()).origin).toBe(new URL(files.platform.url).origin);
    }
    expect(other.hits).toHaveLength(0);
    expect(library.hits).toHaveLength(0);
    await shot(teacher.page, 'a foreign redirect uri is refused');

    expect((await teacher.fetch('/api/v1/sso/oidc/clients')).status).toBe(403);
    const register = await teacher.fetch('/api/v1/sso/oidc/clients', {
      method: 'POST',
      body: { name: '冒名系统', redirectUris: [`${other.url}/cb`], confidential: true },
    });
    expect(register.status).toBe(403);
    await teacher.context.close();
  });

  it('logs a teacher in to the school-run library through the registered redirect URI, redeemed with the secret', async () => {
    // The library is the school's own system: the admin lets it skip the consent page.
    await switchConsentPage();

    const teacher = await files.as(fenglin.code, 'linmeiling');
    const auth = authorization(registered.clientId, registered.redirectUri);
    const callback = await backAtLibrary(teacher.page, () => teacher.page.goto(auth.url));
    expect(callback.searchParams.get('state')).toBe(auth.state);
    const code = callback.searchParams.get('code')!;
    await teacher.page.getByText('正在登录图书馆系统').waitFor();
    await shot(teacher.page, 'back at the library');

    // A wrong secret is refused before the code is looked at, so the code stays usable.
    const wrong = await redeem(`${registered.secret.slice(0, -2)}xx`, code, auth.verifier);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const tokens = await redeem(registered.secret, code, auth.verifier);
    expect(tokens.status).toBe(200);
    const { id_token: idToken } = (await tokens.json()) as { id_token: string };
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      aud: registered.clientId,
      name: '林美玲',
      tenant: { code: fenglin.code, name: fenglin.name },
    });
    await teacher.context.close();
  });

  it('registers a CAS service in the portal; a teacher not yet signed in logs in to it through the platform', async () => {
    const admin = await files.as(fenglin.code, 'admin.fenglin');
    const card = await openSecuritySettings(admin.page);
    await card.getByRole('tab', { name: 'CAS 服务' }).click();
    await card.getByTestId('cas-add').click();
    const dialog = admin.page.getByRole('dialog');
    await admin.page.getByTestId('cas-name').fill('凤岭实验小学阅览室系统');
    const service = `${library.url}/cas`;
    await admin.page.getByTestId('cas-url').fill(service);
    await dialog.getByText('学号/工号', { exact: true }).click();
    // Releasing mobile numbers asks the admin to think of the minors among the users.
    await dialog.getByText('手机号', { exact: true }).click();
    await dialog.getByText('许多用户是未成年人').waitFor();
    await dialog.getByText('手机号', { exact: true }).click();
    await dialog.getByText('许多用户是未成年人').waitFor({ state: 'detached' });
    await admin.page.getByTestId('cas-save').click();
    const row = card.getByTestId('cas-services').locator('tr', { hasText: '凤岭实验小学阅览室系统' });
    await row.getByText(service).waitFor();
    expect(await row.textContent()).toContain('学号/工号');
    await shot(admin.page, 'cas service registered');
    await admin.context.close();

    // The teacher opens the reading room's login link in a browser without a platform session.
    const context = await newContext(files.browser, { baseURL: files.platform.url });
    const page = await context.newPage();
    screenshotOnFailure(page, suite);
    const target = `${service}/login?from=catalogue`;
    await page.goto(`/cas/login?service=${encodeURIComponent(target)}`);
    await page.locator('#login').fill('linmeiling');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登录/ }).click();
    await page.waitForURL((url) => url.href.startsWith(target));
    const ticket = new URL(page.url()).searchParams.get('ticket')!;
    expect(ticket).toMatch(/^ST-/);
    await shot(page, 'back at the reading room with a ticket');

    const validate = async () =>
      (await (
        await fetch(
          `${files.platform.url}/cas/p3/serviceValidate?${new URLSearchParams({ service: target, ticket, format: 'JSON' })}`,
        )
      ).json()) as { serviceResponse: Record<string, { user?: string; code?: string }> };
    const first = await validate();
    expect(first.serviceResponse.authenticationSuccess?.user).toBe('T1011');
    expect(JSON.stringify(first)).toContain('林美玲');
    expect(JSON.stringify(first)).not.toContain('13907711011');
    // A ticket works once.
    expect((await validate()).serviceResponse.authenticationFailure?.code).toBe('INVALID_TICKET');
    await context.close();
  });

  // Chromium applies CSP form-action to the redirects that follow a form POST, so 同意
  // (POST /oidc/interaction/:uid/confirm → 303 → the client's redirect URI) only works because the
  // consent page's policy names the client's redirect origin, and nothing else. The protocol tests
  // (TestBrowser) do not enforce CSP; only a real browser shows it.
  it('after 同意 on the consent page, takes the person back to a system that asks for consent', async () => {
    await switchConsentPage();

    const teacher = await files.as(fenglin.code, 'zhoulijuan');
    const auth = authorization(registered.clientId, registered.redirectUri);
    const consentResponses: string[] = [];
    teacher.page.on('response', (r) => {
      if (/\/oidc\/interaction\/[\w-]+$/.test(new URL(r.url()).pathname)) {
        consentResponses.push(r.headers()['content-security-policy'] ?? '');
      }
    });
    await teacher.page.goto(auth.url);
    await teacher.page.getByText(libraryName).first().waitFor();
    await shot(teacher.page, 'consent');
    // The policy lets the forms lead to this platform and the library's origin, and nowhere else.
    const policy = consentResponses.at(-1) ?? '';
    const formAction = policy
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d.startsWith('form-action'));
    expect(formAction).toEqual([`form-action 'self' ${new URL(registered.redirectUri).origin}`]);
    expect(policy).not.toContain(new URL(other.url).origin);
    expect(policy).not.toMatch(/form-action[^;]*(\*|https?:(?:\s|;|$))/);
    const callback = await backAtLibrary(teacher.page, () =>
      teacher.page.getByRole('button', { name: /同意/ }).click(),
    );
    expect(callback.searchParams.get('state')).toBe(auth.state);
    await teacher.context.close();
  });
});
