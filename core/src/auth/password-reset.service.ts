import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { appendAudit, platformTenant } from '../audit/audit.service.ts';
import type { AppEnv } from '../http/types.ts';
import type { Person } from '../identity/identity.table.ts';
import { listPersonTenants } from '../identity/person-tenants.ts';
import type { Identity } from './identity.ts';
import { clientIp } from './session.service.ts';
import { deleteSessionsOfPerson } from './sessions.repository.ts';
import { clearHits } from './throttle.ts';

export const EMAIL_LINK_TTL_MS = 30 * 60_000;
export const RESET_TICKET_TTL_MS = 10 * 60_000;
/** Wrong TOTP or recovery codes a ticket survives; then it is spent and the person starts over. */
export const MAX_TICKET_FAILURES = 5;

export type ResetChannel = 'sms' | 'email';

/** A usable email link or reset ticket: unexpired, unconsumed, bound to an account. */
export interface ResetGrant {
  id: string;
  personId: string;
  channel: ResetChannel;
  expiresAt: Date;
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * Stores a new single-use reset token (SHA-256 only) and returns its secret. `personId` is null for
 * an address no account has: the row is written anyway, so both cost the same.
 */
export async function issueResetToken(
  identity: Identity,
  input: { kind: 'email_link' | 'reset_ticket'; channel: ResetChannel; personId: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = identity.clock();
  const expiresAt = new Date(
    now.getTime() + (input.kind === 'email_link' ? EMAIL_LINK_TTL_MS : RESET_TICKET_TTL_MS),
  );
  await identity.db
    .insertInto('password_reset_tokens')
    .values({
      kind: input.kind,
      channel: input.channel,
      token_hash: hashToken(token),
      person_id: input.personId,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

/** The grant a token stands for, or null when it is unknown, used, expired or spent by failures. */
export async function findResetGrant(identity: Identity, token: string): Promise<ResetGrant | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await identity.db
    .selectFrom('password_reset_tokens')
    .select(['id', 'person_id', 'channel', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', identity.clock())
    .where('failed_attempts', '<', MAX_TICKET_FAILURES)
    .executeTakeFirst();
  if (!row?.person_id) return null;
  return { id: row.id, personId: row.person_id, channel: row.channel, expiresAt: row.expires_at };
}

export async function recordGrantFailure(identity: Identity, grantId: string): Promise<void> {
  await identity.db
    .updateTable('password_reset_tokens')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', grantId)
    .execute();
}

/**
 * Spends the grant and sets the new password in one transaction: the grant is consumed by the
 * statement that finds it unconsumed (two racing requests cannot both succeed), every other
 * outstanding link or ticket of the person is spent too, and every session of the person ends,
 * including one an attacker may hold. Returns null when the grant was already spent.
 */
export async function applyPasswordReset(
  identity: Identity,
  grant: ResetGrant,
  passwordHash: string,
): Promise<{ sessionsEnded: number } | null> {
  const now = identity.clock();
  const outcome = await identity.db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('password_reset_tokens')
      .set({ consumed_at: now })
      .where('id', '=', grant.id)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return null;
    await trx
      .updateTable('password_reset_tokens')
      .set({ consumed_at: now })
      .where('person_id', '=', grant.personId)
      .where('consumed_at', 'is', null)
      .execute();
    await trx
      .updateTable('persons')
      .set({
        password_hash: passwordHash,
        password_changed_at: now,
        password_must_change: false,
        updated_at: now,
      })
      .where('id', '=', grant.personId)
      .execute();
    return { sessionsEnded: await deleteSessionsOfPerson(trx, grant.personId) };
  });
  if (!outcome) return null;
  // This node forgets them now; the deletion's NOTIFY went out at commit, and settle() waits until
  // every other node has evicted them too.
  identity.sessions.forgetPersons([grant.personId]);
  await identity.settle();
  return outcome;
}

/** A successful reset lifts the password lockouts on the person's identifiers. */
export async function clearLoginLockouts(identity: Identity, person: Person): Promise<void> {
  const keys = [
    person.phone ? `login:id:phone:${person.phone}` : null,
    person.email ? `login:id:email:${person.email.toLowerCase()}` : null,
    person.username ? `login:id:username:${person.username.toLowerCase()}` : null,
  ];
  for (const key of keys) if (key) await clearHits(identity.db, key);
}

/**
 * Writes a reset event to the audit log of every school (or bureau) the person belongs to, so each
 * of them sees an attempt on an account that acts there; to the platform's log when the person is
 * unknown or belongs nowhere.
 */
export async function auditReset(
  c: Context<AppEnv>,
  event: {
    person: Person | undefined;
    action: 'requested' | 'failed' | 'completed';
    result: 'success' | 'failure';
    details: Record<string, unknown>;
  },
): Promise<void> {
  const db = c.get('identity').db;
  const personId = event.person?.id ?? null;
  let tenantIds = personId ? (await listPersonTenants(db, personId)).map((t) => t.tenantId) : [];
  if (tenantIds.length === 0) {
    const platform = await platformTenant(db);
    tenantIds = platform ? [platform] : [];
  }
  for (const tenantId of tenantIds) {
    await appendAudit(db, {
      tenantId,
      actorPersonId: personId,
      action: `auth.password_reset.${event.action}`,
      targetType: 'person',
      targetId: personId,
      result: event.result,
      ip: clientIp(c),
      userAgent: c.req.header('user-agent') ?? null,
      details: event.details,
    });
  }
}
