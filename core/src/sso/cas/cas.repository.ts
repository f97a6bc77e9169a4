import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { CasService } from '../sso.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Service tickets live this long; the table refuses more than 5 minutes. */
export const TICKET_TTL_MS = 2 * 60 * 1000;

export function hashTicket(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex');
}

/** The schools whose allow-list admits a service URL (path-boundary prefix match). */
export async function serviceTenants(
  db: Kysely<Database>,
  service: string,
): Promise<Array<{ tenantId: string; serviceId: string }>> {
  const { rows } = await sql<{ tenant_id: string; service_id: string }>`
    SELECT tenant_id, service_id FROM cb_cas_service_tenants(${service})`.execute(db);
  return rows.map((r) => ({ tenantId: r.tenant_id, serviceId: r.service_id }));
}

export async function ticketTenant(db: Kysely<Database>, ticketHash: string): Promise<string | null> {
  const { rows } = await sql<{
    tenant_id: string | null;
  }>`SELECT cb_cas_ticket_tenant(${ticketHash}) AS tenant_id`.execute(db);
  return rows[0]?.tenant_id ?? null;
}

/** Issues an `ST-` ticket (256 random bits); only its SHA-256 is stored. Call inside the tenant scope. */
export async function issueTicket(
  db: Db,
  input: {
    tenantId: string;
    serviceId: string;
    service: string;
    personId: string;
    sessionId: string | null;
    fromNewLogin: boolean;
  },
): Promise<string> {
  const ticket = `ST-${randomBytes(32).toString('base64url')}`;
  const now = new Date();
  await db
    .insertInto('cas_tickets')
    .values({
      tenant_id: input.tenantId,
      ticket_hash: hashTicket(ticket),
      service_id: input.serviceId,
      service: input.service,
      person_id: input.personId,
      session_id: input.sessionId,
      from_new_login: input.fromNewLogin,
      expires_at: new Date(now.getTime() + TICKET_TTL_MS),
    })
    .execute();
  return ticket;
}

/**
 * Consumes a ticket: the first validation attempt marks it used, whatever its outcome (CAS 3.0
 * §3.1.1), so a second attempt finds nothing. Returns the row as it was, or undefined when it was
 * already used.
 */
export async function consumeTicket(db: Db, tenantId: string, ticketHash: string) {
  return db
    .updateTable('cas_tickets')
    .set({ consumed_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('ticket_hash', '=', ticketHash)
    .where('consumed_at', 'is', null)
    .returning([
      'person_id',
      'service',
      'service_id',
      'expires_at',
      'session_id',
      'from_new_login',
      'created_at',
    ])
    .executeTakeFirst();
}

/** Deletes tickets that expired a while ago (they are useless after 5 minutes). */
export async function purgeTickets(db: Db, tenantId: string, now = new Date()): Promise<void> {
  await db
    .deleteFrom('cas_tickets')
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '<', new Date(now.getTime() - 60 * 60 * 1000))
    .execute();
}

export const CAS_ATTRIBUTES = [
  'name',
  'tenant',
  'roles',
  'orgUnits',
  'schoolNumber',
  'phone',
  'email',
] as const;
export type CasAttributeName = (typeof CAS_ATTRIBUTES)[number];

export interface ServiceInput {
  name: string;
  serviceUrl: string;
  attributes: CasAttributeName[];
}

export async function listServices(db: Db, tenantId: string): Promise<CasService[]> {
  return db
    .selectFrom('cas_services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
}

export async function getService(db: Db, tenantId: string, id: string): Promise<CasService | undefined> {
  return db
    .selectFrom('cas_services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertService(db: Db, tenantId: string, input: ServiceInput, createdBy: string | null) {
  return db
    .insertInto('cas_services')
    .values({
      tenant_id: tenantId,
      name: input.name,
      service_url: input.serviceUrl,
      attributes: input.attributes,
      created_by: createdBy,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'service_url']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateService(
  db: Db,
  tenantId: string,
  id: string,
  patch: Partial<ServiceInput> & { status?: 'active' | 'disabled' },
) {
  return db
    .updateTable('cas_services')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.serviceUrl === undefined ? {} : { service_url: patch.serviceUrl }),
      ...(patch.attributes === undefined ? {} : { attributes: patch.attributes }),
      ...(patch.status === undefined ? {} : { status: patch.status }),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
