import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { InteractionDetails } from 'oidc-provider';
import { appendAudit, auditContext } from '../../audit/audit.service.ts';
import type { AppEnv } from '../../http/types.ts';
import { loginPage } from '../login-page.ts';
import { ssoPageCsp } from '../csp.ts';
import { nodeBindings } from '../node-bindings.ts';
import { errorPage, escapeHtml, page, scopeWords } from '../pages.ts';
import type { PlatformSession } from '../platform-session.ts';
import { loadSsoPerson } from '../sso-person.ts';
import { clientTenant, getClient } from './clients.repository.ts';
import type { OidcHost } from './host.ts';
import { withTenant } from '../../db/tenant-scope.ts';

const tags = ['SSO: OpenID Connect'];
const html = (description: string) => ({ content: { 'text/html': { schema: z.string() } }, description });
const redirect = (description: string) => ({
  description,
  headers: { Location: { schema: { type: 'string' as const } } },
});
const uidParam = z.object({
  uid: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .openapi({ param: { name: 'uid', in: 'path' } }),
});

const show = createRoute({
  method: 'get',
  path: '/oidc/interaction/{uid}',
  tags,
  summary: 'The login or consent step of an authorization request (HTML)',
  request: { params: uidParam },
  responses: {
    200: html('Login form or consent page'),
    303: redirect('Back to the provider'),
    400: html('Expired'),
  },
});
const confirm = createRoute({
  method: 'post',
  path: '/oidc/interaction/{uid}/confirm',
  tags,
  summary: 'Grant the consent the page asked for',
  request: { params: uidParam },
  responses: { 303: redirect('Back to the provider'), 400: html('Expired') },
});
const abort = createRoute({
  method: 'post',
  path: '/oidc/interaction/{uid}/abort',
  tags,
  summary: 'Refuse consent; the system receives access_denied',
  request: { params: uidParam },
  responses: { 303: redirect('Back to the system with access_denied'), 400: html('Expired') },
});

export interface InteractionDeps {
  host: OidcHost;
  session: PlatformSession;
}

/**
 * An interaction page with its own Content-Security-Policy (the kernel keeps a policy the route
 * set): the portal's, unframeable, whose form-action also allows the origins in `formTargets`.
 */
function sendPage(c: Context<AppEnv>, body: string, status: 200 | 400, formTargets: readonly string[] = []) {
  c.header('Content-Security-Policy', ssoPageCsp(formTargets));
  c.header('X-Frame-Options', 'DENY');
  return c.html(body, status);
}

const expired = (c: Context<AppEnv>) =>
  sendPage(
    c,
    errorPage(
      '登录请求已过期或无效，请回到原系统重新点击登录。',
      'This sign-in request expired. Go back to the system and start again.',
    ),
    400,
  );

/**
 * The provider's interaction pages. Login is the platform session (the form posts to identity's
 * login route); consent lists, in plain words, what the school system will read. Results go back
 * to oidc-provider, which resumes the authorization request.
 */
export function interactionRoutes(app: OpenAPIHono<AppEnv>, deps: InteractionDeps): void {
  async function details(c: Context<AppEnv>, uid: string): Promise<InteractionDetails | null> {
    const { incoming, outgoing } = nodeBindings(c);
    const provider = await deps.host.provider();
    const found = await provider.interactionDetails(incoming, outgoing).catch(() => null);
    return found?.uid === uid ? found : null;
  }

  async function finish(
    c: Context<AppEnv>,
    result: Parameters<Awaited<ReturnType<OidcHost['provider']>>['interactionResult']>[2],
  ) {
    const { incoming, outgoing } = nodeBindings(c);
    const provider = await deps.host.provider();
    const returnTo = await provider.interactionResult(incoming, outgoing, result, {
      mergeWithLastSubmission: false,
    });
    return c.redirect(returnTo, 303);
  }

  app.openapi(show, async (c) => {
    const { uid } = c.req.valid('param');
    const interaction = await details(c, uid);
    if (!interaction) return expired(c);
    const clientId = String(interaction.params.client_id ?? '');
    const identity = c.get('identity');
    const tenantId = await clientTenant(identity.db, clientId);
    if (!tenantId) return expired(c);
    const client = await withTenant(identity.db, tenantId, (trx) => getClient(trx, tenantId, clientId));
    if (!client) return expired(c);
    const me = await deps.session.personOf(c.req.header('cookie'));

    if (interaction.prompt.name === 'login') {
      if (!me)
        return sendPage(
          c,
          loginPage(`/oidc/interaction/${uid}`, `「${client.name}」请求通过统一身份认证登录`),
          200,
        );
      const person = await loadSsoPerson(identity.db, me.personId, tenantId);
      await appendAudit(identity.db, {
        tenantId,
        actorPersonId: me.personId,
        action: 'sso.oidc.login',
        targetType: 'oidc_client',
        targetId: clientId,
        result: person ? 'success' : 'denied',
        ...auditContext(c),
        details: { client: client.name },
      });
      if (!person) {
        return finish(c, {
          error: 'access_denied',
          error_description: 'The person is not a member of the school that registered this client',
        });
      }
      return finish(c, { login: { accountId: me.personId, amr: ['pwd'], remember: false } });
    }

    if (!me || me.personId !== interaction.session?.accountId) return expired(c);
    const requested = String(interaction.params.scope ?? 'openid').split(' ');
    if (client.skip_consent) return grantConsent(c, interaction, tenantId, client.name, requested);
    const items = requested
      .filter((s) => scopeWords[s])
      .map((s) => `<li>${escapeHtml(scopeWords[s]!.zh)} <small>${escapeHtml(scopeWords[s]!.en)}</small></li>`)
      .join('');
    // 同意 and 拒绝 POST here and are redirected on to the client's redirect_uri, which the provider
    // validated when it created this interaction; it must also be one the school registered.
    const redirectUri = String(interaction.params.redirect_uri ?? '');
    const formTargets = client.redirect_uris.includes(redirectUri) ? [redirectUri] : [];
    return sendPage(
      c,
      page(
        '授权确认',
        `<h1>授权「${escapeHtml(client.name)}」</h1><p>该系统由本校登记，将读取您的：</p><ul>${items}</ul>
<p><small>You are signing in to ${escapeHtml(client.name)}. It will read the items above.</small></p>
<div class="row"><form method="post" action="/oidc/interaction/${uid}/abort" style="flex:1;display:flex"><button class="secondary" type="submit">拒绝 Deny</button></form>
<form method="post" action="/oidc/interaction/${uid}/confirm" style="flex:1;display:flex"><button class="primary" type="submit" autofocus>同意 Allow</button></form></div>`,
      ),
      200,
      formTargets,
    );
  });

  async function grantConsent(
    c: Context<AppEnv>,
    interaction: InteractionDetails,
    tenantId: string,
    clientName: string,
    requested: string[],
  ) {
    const provider = await deps.host.provider();
    const accountId = interaction.session!.accountId;
    const clientId = String(interaction.params.client_id);
    const grant = interaction.grantId
      ? ((await provider.Grant.find(interaction.grantId)) ?? new provider.Grant({ accountId, clientId }))
      : new provider.Grant({ accountId, clientId });
    const missingScope = interaction.prompt.details.missingOIDCScope;
    grant.addOIDCScope((Array.isArray(missingScope) ? missingScope : requested).join(' '));
    const missingClaims = interaction.prompt.details.missingOIDCClaims;
    if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims as string[]);
    const grantId = await grant.save();
    await appendAudit(c.get('identity').db, {
      tenantId,
      actorPersonId: accountId,
      action: 'sso.oidc.consent',
      targetType: 'oidc_client',
      targetId: clientId,
      result: 'success',
      ...auditContext(c),
      details: { client: clientName, scope: grant.getOIDCScope() },
    });
    return finish(c, { consent: { grantId } });
  }

  app.openapi(confirm, async (c) => {
    const { uid } = c.req.valid('param');
    const interaction = await details(c, uid);
    if (interaction?.prompt.name !== 'consent') return expired(c);
    const me = await deps.session.personOf(c.req.header('cookie'));
    if (!me || me.personId !== interaction.session?.accountId) return expired(c);
    const clientId = String(interaction.params.client_id ?? '');
    const tenantId = await clientTenant(c.get('identity').db, clientId);
    if (!tenantId) return expired(c);
    const client = await withTenant(c.get('identity').db, tenantId, (trx) =>
      getClient(trx, tenantId, clientId),
    );
    const requested = String(interaction.params.scope ?? 'openid').split(' ');
    return grantConsent(c, interaction, tenantId, client?.name ?? clientId, requested);
  });

  app.openapi(abort, async (c) => {
    const { uid } = c.req.valid('param');
    const interaction = await details(c, uid);
    if (!interaction) return expired(c);
    return finish(c, { error: 'access_denied', error_description: 'The user refused the request' });
  });
}
