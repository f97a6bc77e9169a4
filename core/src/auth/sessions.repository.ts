import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { PersonStatus } from '../identity/identity.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What a node's session cache offers for eviction on the same node. */
export interface LocalSessionEvictor {
  forgetSessions(ids: Iterable<string>): void;
  forgetPersons(personIds: Iterable<string>): void;
}

// Keyed by the pool handle a node's identity uses, so a deletion through that handle evicts that
// node's cache before the call returns (other nodes, and this one for deletions made inside a
// transaction, learn of it from the NOTIFY sent at commit; see session-events.ts).
const localEvictors = new WeakMap<object, Set<LocalSessionEvictor>>();

/** Evict from `evictor` whenever sessions are deleted through `db` (the node's app pool). */
export function registerLocalEviction(db: Db, evictor: LocalSessionEvictor): void {
  let set = localEvictors.get(db);
  if (!set) {
    set = new Set();
    localEvictors.set(db, set);
  }
  set.add(evictor);
}

function evictLocally(db: Db, change: { sessionId?: string; personId?: string }): void {
  for (const evictor of localEvictors.get(db) ?? []) {
    if (change.sessionId) evictor.forgetSessions([change.sessionId]);
    if (change.personId) evictor.forgetPersons([change.personId]);
  }
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
  /** An admin reset the password: nothing but changing it is allowed until it is changed. */
  passwordMustChange: boolean;
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
      'p.password_must_change',
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
    passwordMustChange: row.password_must_change,
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
  evictLocally(db, { sessionId: id });
}

/** Ends every session of a person (password change, account disabled), optionally but one. */
export async function deleteSessionsOfPerson(db: Db, personId: string, exceptId?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('person_id', '=', personId);
  if (exceptId) query = query.where('id', '<>', exceptId);
  const result = await query.executeTakeFirst();
  evictLocally(db, { personId });
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
