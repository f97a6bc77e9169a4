import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { PersonStatus } from '../identity/identity.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

const listeners: Array<() => void> = [];

/** Called after sessions are deleted, so per-node caches forget them. */
export function onSessionsChanged(listener: () => void): void {
  listeners.push(listener);
}

function sessionsChanged(): void {
  for (const listener of listeners) listener();
}

export interface NewSessionRow {
  id: string;
  secretHash: Uint8Array;
  personId: string;
  activeTenantId: string | null;
  mfaPending: boolean;
  mfaVerifiedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export async function insertSession(db: Db, row: NewSessionRow): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: row.id,
      secret_hash: row.secretHash,
      person_id: row.personId,
      active_tenant_id: row.activeTenantId,
      mfa_pending: row.mfaPending,
      mfa_verified_at: row.mfaVerifiedAt,
      ip: row.ip,
      user_agent: row.userAgent?.slice(0, 400) ?? null,
      idle_expires_at: row.idleExpiresAt,
      absolute_expires_at: row.absoluteExpiresAt,
    })
    .execute();
}

export interface SessionWithPerson {
  id: string;
  secretHash: Uint8Array;
  personId: string;
  activeTenantId: string | null;
  mfaPending: boolean;
  mfaVerifiedAt: Date | null;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  createdAt: Date;
  personStatus: PersonStatus;
  displayName: string;
  authzVersion: number;
}

/** The session and the person it belongs to, in one round trip (this runs on every request). */
export async function findSessionWithPerson(db: Db, id: string): Promise<SessionWithPerson | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('persons as p', 'p.id', 's.person_id')
    .select([
      's.id',
      's.secret_hash',
      's.person_id',
      's.active_tenant_id',
      's.mfa_pending',
      's.mfa_verified_at',
      's.idle_expires_at',
      's.absolute_expires_at',
      's.created_at',
      'p.status',
      'p.display_name',
      'p.authz_version',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    secretHash: row.secret_hash,
    personId: row.person_id,
    activeTenantId: row.active_tenant_id,
    mfaPending: row.mfa_pending,
    mfaVerifiedAt: row.mfa_verified_at,
    idleExpiresAt: row.idle_expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
    createdAt: row.created_at,
    personStatus: row.status,
    displayName: row.display_name,
    authzVersion: row.authz_version,
  };
}

export async function extendSession(db: Db, id: string, idleExpiresAt: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ idle_expires_at: idleExpiresAt, last_seen_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
  sessionsChanged();
}

/** Ends every session of a person (password change, account disabled), optionally but one. */
export async function deleteSessionsOfPerson(db: Db, personId: string, exceptId?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('person_id', '=', personId);
  if (exceptId) query = query.where('id', '<>', exceptId);
  const result = await query.executeTakeFirst();
  sessionsChanged();
  return Number(result.numDeletedRows);
}

export interface SessionSummary {
  id: string;
  activeTenantId: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export async function listSessionsOfPerson(db: Db, personId: string): Promise<SessionSummary[]> {
  const rows = await db
    .selectFrom('sessions')
    .select([
      'id',
      'active_tenant_id',
      'ip',
      'user_agent',
      'created_at',
      'last_seen_at',
      'idle_expires_at',
      'absolute_expires_at',
    ])
    .where('person_id', '=', personId)
    .where('mfa_pending', '=', false)
    .where('idle_expires_at', '>', new Date())
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    activeTenantId: r.active_tenant_id,
    ip: r.ip,
    userAgent: r.user_agent,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    idleExpiresAt: r.idle_expires_at,
    absoluteExpiresAt: r.absolute_expires_at,
  }));
}

export async function purgeExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('idle_expires_at', '<=', now), eb('absolute_expires_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
