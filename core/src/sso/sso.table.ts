import type { ColumnType, Generated, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export type OidcKeyStatus = 'next' | 'current' | 'retired';

/** A signing key of the OIDC provider. Platform-wide. */
export interface OidcKeysTable {
  kid: string;
  alg: 'RS256' | 'ES256' | 'EdDSA';
  /** The private JWK, sealed with AES-256-GCM under a key derived from the platform secret. */
  private_jwk_sealed: string;
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  status: OidcKeyStatus;
  created_at: CreatedAt;
  activated_at: Date | null;
  retired_at: Date | null;
}

/** oidc-provider's storage: sessions, interactions, codes, tokens and grants. Platform-wide. */
export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

/** A relying party a school registered. School-owned. */
export interface OidcClientsTable {
  tenant_id: string;
  client_id: string;
  name: string;
  secret_sealed: string | null;
  redirect_uris: string[];
  post_logout_redirect_uris: ColumnType<string[], string[] | undefined, string[]>;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  skip_consent: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A CAS service on a school's allow-list. School-owned. */
export interface CasServicesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  service_url: string;
  attributes: ColumnType<string[], string[] | undefined, string[]>;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A CAS service ticket, stored as SHA-256 only. School-owned. */
export interface CasTicketsTable {
  tenant_id: string;
  ticket_hash: string;
  service_id: string;
  service: string;
  person_id: string;
  session_id: string | null;
  /** Issued on `renew=true` after a fresh login (CAS `isFromNewLogin`). */
  from_new_login: ColumnType<boolean, boolean | undefined, never>;
  created_at: CreatedAt;
  expires_at: Date;
  consumed_at: Date | null;
}

export type OidcClient = Selectable<OidcClientsTable>;
export type CasService = Selectable<CasServicesTable>;

export interface SsoTables {
  oidc_keys: OidcKeysTable;
  oidc_payloads: OidcPayloadsTable;
  oidc_clients: OidcClientsTable;
  cas_services: CasServicesTable;
  cas_tickets: CasTicketsTable;
}
