import { randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AdapterPayload } from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-scope.ts';
import type { Sealer } from '../sealed.ts';
import type { OidcClient } from '../sso.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ClientInput {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** A confidential client (a server-side system) gets a secret; a public one (SPA, app) uses PKCE only. */
  confidential: boolean;
  skipConsent: boolean;
}

/** The school a client belongs to, across schools, through the narrow definer function. */
export async function clientTenant(db: Kysely<Database>, clientId: string): Promise<string | null> {
  const { rows } = await sql<{
    tenant_id: string | null;
  }>`SELECT cb_oidc_client_tenant(${clientId}) AS tenant_id`.execute(db);
  return rows[0]?.tenant_id ?? null;
}

/**
 * The client as oidc-provider reads it. Authorization code with PKCE only (no implicit, no
 * password grant); redirect URIs match exactly, as OAuth 2.0 Security BCP §4.1 asks.
 */
export async function findClientMetadata(
  db: Kysely<Database>,
  sealer: Sealer,
  clientId: string,
): Promise<AdapterPayload | undefined> {
  const tenantId = await clientTenant(db, clientId);
  if (!tenantId) return undefined;
  const row = await withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('oidc_clients')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('client_id', '=', clientId)
      .executeTakeFirst(),
  );
  if (row?.status !== 'active') return undefined;
  return {
    client_id: row.client_id,
    client_name: row.name,
    ...(row.secret_sealed
      ? { client_secret: sealer.open(row.secret_sealed), token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
    redirect_uris: row.redirect_uris,
    post_logout_redirect_uris: row.post_logout_redirect_uris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: row.scopes.join(' '),
  };
}

export async function listClients(db: Db, tenantId: string): Promise<OidcClient[]> {
  return db
    .selectFrom('oidc_clients')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
}

export async function getClient(db: Db, tenantId: string, clientId: string): Promise<OidcClient | undefined> {
  return db
    .selectFrom('oidc_clients')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

/** Registers a client; returns it with the plain secret, which is shown once. */
export async function insertClient(
  db: Db,
  sealer: Sealer,
  tenantId: string,
  input: ClientInput,
  createdBy: string | null,
  clientId = `cb-${randomBytes(12).toString('base64url')}`,
): Promise<{ client: OidcClient; secret: string | null }> {
  const secret = input.confidential ? randomBytes(32).toString('base64url') : null;
  const client = await db
    .insertInto('oidc_clients')
    .values({
      tenant_id: tenantId,
      client_id: clientId,
      name: input.name,
      secret_sealed: secret ? sealer.seal(secret) : null,
      redirect_uris: input.redirectUris,
      post_logout_redirect_uris: input.postLogoutRedirectUris,
      skip_consent: input.skipConsent,
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { client, secret };
}

export async function updateClient(
  db: Db,
  tenantId: string,
  clientId: string,
  patch: Partial<Omit<ClientInput, 'confidential'>> & { status?: 'active' | 'disabled' },
): Promise<OidcClient | undefined> {
  return db
    .updateTable('oidc_clients')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.redirectUris === undefined ? {} : { redirect_uris: patch.redirectUris }),
      ...(patch.postLogoutRedirectUris === undefined
        ? {}
        : { post_logout_redirect_uris: patch.postLogoutRedirectUris }),
      ...(patch.skipConsent === undefined ? {} : { skip_consent: patch.skipConsent }),
      ...(patch.status === undefined ? {} : { status: patch.status }),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('client_id', '=', clientId)
    .returningAll()
    .executeTakeFirst();
}

/** A new secret replaces the old one at once; returns the plain value, shown once. */
export async function resetClientSecret(
  db: Db,
  sealer: Sealer,
  tenantId: string,
  clientId: string,
): Promise<string | null> {
  const secret = randomBytes(32).toString('base64url');
  const row = await db
    .updateTable('oidc_clients')
    .set({ secret_sealed: sealer.seal(secret), updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('client_id', '=', clientId)
    .returning('client_id')
    .executeTakeFirst();
  return row ? secret : null;
}
