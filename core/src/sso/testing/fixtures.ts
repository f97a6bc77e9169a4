import type { Kysely } from 'kysely';
import { insertSession } from '../../auth/sessions.repository.ts';
import { generateSessionToken } from '../../auth/session-token.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-scope.ts';

/** Test people for SSO, written as the owner; a session is made the way identity makes one. */
export async function addOrgUnit(
  owner: Kysely<Database>,
  tenantId: string,
  input: {
    name: string;
    kind: 'grade' | 'class' | 'department';
    parentId?: string | null;
    parentPath?: string;
  },
): Promise<{ id: string; path: string }> {
  const id = crypto.randomUUID();
  const path = `${input.parentPath ?? '/'}${id}/`;
  await withTenant(owner, tenantId, (trx) =>
    trx
      .insertInto('org_units')
      .values({
        tenant_id: tenantId,
        id,
        parent_id: input.parentId ?? null,
        kind: input.kind,
        name: input.name,
        path,
      })
      .execute(),
  );
  return { id, path };
}

export async function addPerson(
  owner: Kysely<Database>,
  input: {
    name: string;
    phone?: string;
    tenantId?: string;
    role?: 'student' | 'teacher' | 'staff' | 'parent';
    orgUnitId?: string | null;
    number?: string | null;
    grants?: string[];
  },
): Promise<string> {
  const person = await owner
    .insertInto('persons')
    .values({ display_name: input.name, phone: input.phone ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { tenantId } = input;
  if (tenantId && input.role) {
    await withTenant(owner, tenantId, (trx) =>
      trx
        .insertInto('memberships')
        .values({
          tenant_id: tenantId,
          person_id: person.id,
          role: input.role!,
          org_unit_id: input.orgUnitId ?? null,
          number: input.number ?? null,
        })
        .execute(),
    );
  }
  for (const role of input.grants ?? []) {
    await withTenant(owner, tenantId!, (trx) =>
      trx
        .insertInto('role_grants')
        .values({ tenant_id: tenantId!, person_id: person.id, role_key: role })
        .execute(),
    );
  }
  return person.id;
}

/** A logged-in session for the person; returns the Cookie header value. */
export async function sessionCookie(
  db: Kysely<Database>,
  personId: string,
  activeTenantId: string | null,
  cookieName = 'cb_session',
): Promise<string> {
  const token = generateSessionToken();
  const now = Date.now();
  await insertSession(db, {
    id: token.id,
    secretHash: token.secretHash,
    personId,
    activeTenantId,
    mfaPending: false,
    mfaVerifiedAt: null,
    ip: '127.0.0.1',
    userAgent: 'vitest',
    idleExpiresAt: new Date(now + 60 * 60 * 1000),
    absoluteExpiresAt: new Date(now + 2 * 60 * 60 * 1000),
  });
  return `${cookieName}=${token.token}`;
}
