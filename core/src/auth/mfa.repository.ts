import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Identity } from './identity.ts';
import { decryptSecret, hashRecoveryCode, matchTotp } from './totp.ts';

/** Whether the person has a confirmed authenticator. */
export async function hasConfirmedTotp(db: Kysely<Database>, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('mfa_totp')
    .select('confirmed_at')
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Boolean(row?.confirmed_at);
}

/**
 * Verifies a TOTP code (confirmed or, with `pending`, the one being enrolled) and records its step
 * in the same statement that checks it was not used, so two racing requests cannot both pass.
 */
export async function verifyPersonTotp(
  identity: Identity,
  personId: string,
  code: string,
  options: { pending?: boolean } = {},
): Promise<boolean> {
  const row = await identity.db
    .selectFrom('mfa_totp')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row || (!options.pending && !row.confirmed_at)) return false;
  const step = matchTotp(decryptSecret(identity.keys.totp, row.secret_encrypted), code, row.last_used_step);
  if (step === null) return false;
  const updated = await identity.db
    .updateTable('mfa_totp')
    .set({ last_used_step: step })
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Uses one recovery code, once. */
export async function useRecoveryCode(identity: Identity, personId: string, code: string): Promise<boolean> {
  const updated = await identity.db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: new Date() })
    .where('person_id', '=', personId)
    .where('code_hash', '=', hashRecoveryCode(identity.keys.recoveryCode, code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
