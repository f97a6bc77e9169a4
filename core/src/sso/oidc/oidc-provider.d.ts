/**
 * The part of oidc-provider 9's API that CampusBase uses. The package ships no types; this keeps
 * the surface we depend on explicit (and small) instead of pulling in community typings that
 * track a different release.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface AdapterPayload {
    [key: string]: unknown;
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: unknown;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type AdapterConstructor = new (name: string) => Adapter;

  /** The Koa context oidc-provider hands to its callbacks (only what we read). */
  export interface KoaContextWithOIDC {
    req: IncomingMessage;
    res: ServerResponse;
    host: string;
    type: string;
    body: unknown;
    status: number;
    cookies: { get(name: string, options?: { signed?: boolean }): string | undefined };
    get(header: string): string;
    append(header: string, value: string | string[]): void;
    set(header: string, value: string): void;
    response: { get(header: string): string | undefined };
    oidc: {
      client?: ClientInstance;
      session?: {
        accountId?: string;
        /** RP-initiated logout in progress; postLogoutRedirectUri is validated against the client. */
        state?: { clientId?: string; postLogoutRedirectUri?: string };
        grantIdFor(clientId: string): string | undefined;
      };
      params?: Record<string, unknown>;
      result?: InteractionResults;
      provider: Provider;
      entities: Record<string, unknown>;
      route: string;
    };
  }

  export interface ClientInstance {
    clientId: string;
    clientName?: string;
    clientAuthMethod?: string;
    redirectUris: string[];
    postLogoutRedirectUris?: string[];
    metadata(): Record<string, unknown>;
    [key: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: unknown, rejected: string[]): Promise<Record<string, unknown>>;
  }

  export interface InteractionDetails {
    uid: string;
    returnTo: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id?: string; scope?: string; redirect_uri?: string };
    session?: { accountId: string; uid: string; cookie: string };
    grantId?: string;
    lastSubmission?: Record<string, unknown>;
  }

  export interface InteractionResults {
    login?: { accountId: string; amr?: string[]; acr?: string; remember?: boolean; ts?: number };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export class Grant {
    constructor(properties: { accountId: string; clientId: string });
    jti: string;
    accountId: string;
    clientId: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    getOIDCScope(): string;
    save(ttl?: number): Promise<string>;
    static find(id: string): Promise<Grant | undefined>;
  }

  export class Check {
    constructor(
      reason: string,
      description: string,
      check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>,
    );
    static REQUEST_PROMPT: true;
    static NO_NEED_TO_PROMPT: false;
  }

  export interface Prompt {
    name: string;
    checks: Check[];
  }

  export const interactionPolicy: {
    base(): { get(name: string): Prompt | undefined; [Symbol.iterator](): Iterator<Prompt> };
    Check: typeof Check;
  };

  export const errors: {
    AccessDenied: new (description?: string) => Error;
    InvalidRequest: new (description?: string) => Error;
  };

  export type Configuration = Record<string, unknown>;

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    issuer: string;
    proxy: boolean;
    Grant: typeof Grant;
    Client: { find(id: string): Promise<ClientInstance | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    on(event: string, listener: (...args: never[]) => void): this;
    use(middleware: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): this;
  }
}
