import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// SSO (issue 3): CAS 2.0/3.0. Each school keeps its service allow-list; service tickets are
// stored as SHA-256 only, are single-use, and live at most 5 minutes.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cas_services (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      service_url text NOT NULL CHECK (service_url ~ '^https?://[^\\s]+$' AND length(service_url) <= 2000),
      attributes text[] NOT NULL DEFAULT '{name,tenant,roles,orgUnits}',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      created_by uuid REFERENCES persons(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, service_url)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('cas_services')`.execute(db);

  await sql`
    CREATE TABLE cas_tickets (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      ticket_hash text NOT NULL CHECK (ticket_hash ~ '^[0-9a-f]{64}$'),
      service_id uuid NOT NULL,
      service text NOT NULL,
      person_id uuid NOT NULL REFERENCES persons(id),
      session_id text,
      from_new_login boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz,
      PRIMARY KEY (tenant_id, ticket_hash),
      FOREIGN KEY (tenant_id, service_id) REFERENCES cas_services (tenant_id, id),
      CHECK (expires_at <= created_at + interval '5 minutes')
    )`.execute(db);
  await sql`CREATE INDEX cas_tickets_expiry_idx ON cas_tickets (tenant_id, expires_at)`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('cas_tickets')`.execute(db);

  // Which schools list a service URL (a registered URL matches itself and any URL below it at a
  // path boundary). /cas/login names only the service, so the school is found here; definer
  // functions answer just that across schools.
  await sql`
    CREATE FUNCTION cb_cas_service_tenants(p_service text) RETURNS TABLE (tenant_id uuid, service_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
      SELECT s.tenant_id, s.id FROM public.cas_services s
      WHERE s.status = 'active'
        AND (p_service = s.service_url
          OR (left(p_service, length(s.service_url)) = s.service_url
              AND (right(s.service_url, 1) IN ('/', '?')
                   OR substr(p_service, length(s.service_url) + 1, 1) IN ('/', '?', '#'))))
    $fn$`.execute(db);
  await sql`
    CREATE FUNCTION cb_cas_ticket_tenant(p_ticket_hash text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
      SELECT tenant_id FROM public.cas_tickets WHERE ticket_hash = p_ticket_hash
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION cb_cas_ticket_tenant(text)`.execute(db);
  await sql`DROP FUNCTION cb_cas_service_tenants(text)`.execute(db);
  await sql`DROP TABLE cas_tickets`.execute(db);
  await sql`DROP TABLE cas_services`.execute(db);
}
