import type { Kysely } from 'kysely';
import Provider, {
  type Account,
  type Configuration,
  type KoaContextWithOIDC,
  interactionPolicy,
} from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { deriveKey } from '../../secrets.ts';
import { withFormTargets } from '../csp.ts';
import { errorPage, escapeHtml, page } from '../pages.ts';
import type { Sealer } from '../sealed.ts';
import { loadSsoPerson, type SsoPerson } from '../sso-person.ts';
import { postgresAdapter } from './adapter.ts';
import { clientTenant, findClientMetadata } from './clients.repository.ts';
import type { SigningJwk } from './keys.ts';

export interface OidcProviderDeps {
  db: Kysely<Database>;
  logger: Logger;
  secret: string;
  /** `<public URL>/oidc` */
  issuer: string;
  clientSealer: Sealer;
  /** The person behind the platform session the request carries, or null. */
  platformPerson(cookieHeader: string | undefined): Promise<string | null>;
  /** Ends the platform session the request carries (RP-initiated logout is a single logout). */
  endPlatformSession(cookieHeader: string | undefined): Promise<string[]>;
}

export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'phone', 'campus'];

/** Claims per scope. `campus` carries what a school system needs to place the person. */
export const OIDC_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  campus: ['tenant', 'roles', 'org_units', 'school_number'],
};

export function claimsOf(person: SsoPerson): Record<string, unknown> {
  return {
    sub: person.personId,
    name: person.name,
    preferred_username: person.schoolNumber ?? undefined,
    email: person.email ?? undefined,
    email_verified: person.email ? false : undefined,
    phone_number: person.phone ?? undefined,
    phone_number_verified: person.phone ? false : undefined,
    tenant: person.tenant,
    roles: person.roles,
    org_units: person.orgUnits,
    school_number: person.schoolNumber ?? undefined,
  };
}

const clientId = (ctx: KoaContextWithOIDC) => ctx.oidc.client?.clientId;

/**
 * The client URIs a provider page's form leads to, once the provider validated them: the logout
 * confirmation posts to /session/end/confirm, which redirects to post_logout_redirect_uri (checked
 * against the client before the page is rendered); a form_post authorization response posts the code
 * straight to redirect_uri. Chromium applies CSP form-action to both, so these origins (and no
 * other) are added to the page's policy.
 */
function formTargetsOf(ctx: KoaContextWithOIDC): string[] {
  const route = ctx.oidc?.route;
  const client = ctx.oidc?.client;
  if (!client || !String(ctx.type).includes('html')) return [];
  if (route === 'end_session') {
    const uri = ctx.oidc.session?.state?.postLogoutRedirectUri;
    return uri && (client.postLogoutRedirectUris ?? []).includes(uri) ? [uri] : [];
  }
  if ((route === 'authorization' || route === 'resume') && ctx.oidc.params?.response_mode === 'form_post') {
    const uri = ctx.oidc.params.redirect_uri;
    return typeof uri === 'string' && client.redirectUris.includes(uri) ? [uri] : [];
  }
  return [];
}

/**
 * Builds the OpenID Connect provider: authorization code with PKCE (S256) only, discovery, JWKS
 * from the rotated keys, consent, claims from memberships, RP-initiated logout, and PostgreSQL
 * storage. The OP's login is the platform session: a login prompt is raised whenever that session
 * is gone or belongs to someone else, so logging out of the portal also ends silent SSO.
 */
export function buildProvider(deps: OidcProviderDeps, keys: SigningJwk[]): Provider {
  const { db } = deps;
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.push(
    new interactionPolicy.Check('platform_session', 'the platform session ended or changed', async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const person = await deps.platformPerson(ctx.get('cookie') || undefined);
      return person === accountId
        ? interactionPolicy.Check.NO_NEED_TO_PROMPT
        : interactionPolicy.Check.REQUEST_PROMPT;
    }),
  );

  const configuration: Configuration = {
    adapter: postgresAdapter(db, (id) => findClientMetadata(db, deps.clientSealer, id)),
    jwks: { keys },
    cookies: {
      keys: [deriveKey(deps.secret, 'sso:oidc-cookies')],
      names: { session: 'cb_oidc_session', interaction: 'cb_oidc_interaction', resume: 'cb_oidc_resume' },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    scopes: OIDC_SCOPES,
    claims: OIDC_CLAIMS,
    // The school systems we serve read roles and classes from the ID token itself.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = page(
            '退出登录',
            `<h1>退出登录</h1><p>要退出统一身份认证吗？退出后，通过本平台登录的其他系统也需要重新登录。</p><p><small>Sign out of the campus base and the systems you entered through it?</small></p>${form}<div class="row"><button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">退出 Sign out</button><button class="secondary" type="submit" form="op.logoutForm">取消 Stay</button></div>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = page('已退出', '<h1>您已退出登录</h1><p><small>You have signed out.</small></p>');
        },
      },
    },
    interactions: {
      policy,
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/oidc/interaction/${interaction.uid}`,
    },
    async findAccount(ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
      const id = clientId(ctx);
      const tenantId = id ? await clientTenant(db, id) : null;
      if (!tenantId) return undefined;
      const person = await loadSsoPerson(db, sub, tenantId);
      if (!person) return undefined;
      const claims = claimsOf(person);
      return { accountId: sub, claims: async () => claims };
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const id = clientId(ctx)!;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(id);
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    clientBasedCORS(ctx: KoaContextWithOIDC, origin: string) {
      if (origin === 'null') return false;
      return (ctx.oidc.client?.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin);
    },
    async renderError(ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) {
      ctx.type = 'html';
      ctx.body = errorPage(
        `统一身份认证出错：${out.error_description ?? out.error ?? '未知错误'}。请返回原系统重新登录；如仍失败，请联系学校信息中心。`,
        `Sign-in failed: ${escapeHtml(out.error ?? 'unknown')}. Go back to the system and try again.`,
      );
    },
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      RefreshToken: 14 * 24 * 60 * 60,
      Interaction: 10 * 60,
      Session: 8 * 60 * 60,
      Grant: 180 * 24 * 60 * 60,
      ClientCredentials: 10 * 60,
      DeviceCode: 10 * 60,
      BackchannelAuthenticationRequest: 10 * 60,
      PreAuthorizedCode: 10 * 60,
    },
    discovery: { claims_locales_supported: ['zh-CN', 'en'], ui_locales_supported: ['zh-CN', 'en'] },
  };
  const provider = new Provider(deps.issuer, configuration);
  // Behind a TLS-terminating proxy the public URL is https while the hop to us is http.
  provider.proxy = deps.issuer.startsWith('https:');
  // Logging out at the OP (logout=yes) also ends the platform session: one logout for both.
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (ctx.oidc?.route === 'end_session_confirm' && ctx.status === 303 && ctx.oidc.params?.logout) {
      const cookies = await deps.endPlatformSession(ctx.get('cookie') || undefined);
      if (cookies.length > 0) ctx.append('Set-Cookie', cookies);
    }
  });
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const targets = formTargetsOf(ctx);
    if (targets.length > 0) {
      ctx.set(
        'Content-Security-Policy',
        withFormTargets(ctx.response.get('content-security-policy'), targets),
      );
    }
  });
  provider.on('server_error', (_ctx: KoaContextWithOIDC, error: Error) =>
    deps.logger.error({ err: error }, 'oidc provider error'),
  );
  return provider;
}
