import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Sealer } from '../sealed.ts';

/** A private JWK as oidc-provider takes it. */
export type SigningJwk = Record<string, unknown> & { kid: string; kty: string };

export const keyPolicy = {
  /** A current key signs this long before the scheduled rotation promotes the next one. */
  rotateAfterMs: 90 * 24 * 60 * 60 * 1000,
  /** A retired key stays published (for verifying tokens it signed) this long. */
  retainRetiredMs: 2 * 24 * 60 * 60 * 1000,
};

function newRsaKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return { ...jwk, kty: 'RSA', kid: randomBytes(12).toString('base64url'), alg: 'RS256', use: 'sig' };
}

function publicPart(jwk: SigningJwk): Record<string, unknown> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  return pub;
}

async function insertKey(db: Kysely<Database>, sealer: Sealer, status: 'next' | 'current'): Promise<void> {
  const jwk = newRsaKey();
  await db
    .insertInto('oidc_keys')
    .values({
      kid: jwk.kid,
      alg: 'RS256',
      private_jwk_sealed: sealer.seal(JSON.stringify(jwk)),
      public_jwk: JSON.stringify(publicPart(jwk)),
      status,
      activated_at: status === 'current' ? new Date() : null,
    })
    .execute();
}

/**
 * Makes sure a current and a next key exist. Runs at start; two nodes starting together are
 * serialised by an advisory lock, and the partial unique index refuses a second current key.
 */
export async function ensureSigningKeys(db: Kysely<Database>, sealer: Sealer): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('cb:oidc-keys'))`.execute(trx);
    const rows = await trx
      .selectFrom('oidc_keys')
      .select(['status'])
      .where('status', 'in', ['current', 'next'])
      .execute();
    if (!rows.some((r) => r.status === 'current')) await insertKey(trx, sealer, 'current');
    if (!rows.some((r) => r.status === 'next')) await insertKey(trx, sealer, 'next');
  });
}

/**
 * Rotates: the next key (already published, so relying parties have cached it) starts signing,
 * the current key retires but stays published for verification, a fresh next key is made, and
 * retired keys past retention are deleted. Returns the kid that now signs.
 */
export async function rotateSigningKeys(
  db: Kysely<Database>,
  sealer: Sealer,
  now = new Date(),
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('cb:oidc-keys'))`.execute(trx);
    await trx
      .updateTable('oidc_keys')
      .set({ status: 'retired', retired_at: now })
      .where('status', '=', 'current')
      .execute();
    const next = await trx
      .selectFrom('oidc_keys')
      .select('kid')
      .where('status', '=', 'next')
      .executeTakeFirst();
    if (next) {
      await trx
        .updateTable('oidc_keys')
        .set({ status: 'current', activated_at: now })
        .where('kid', '=', next.kid)
        .execute();
    } else {
      await insertKey(trx, sealer, 'current');
    }
    await insertKey(trx, sealer, 'next');
    await trx
      .deleteFrom('oidc_keys')
      .where('status', '=', 'retired')
      .where('retired_at', '<', new Date(now.getTime() - keyPolicy.retainRetiredMs))
      .execute();
    const current = await trx
      .selectFrom('oidc_keys')
      .select('kid')
      .where('status', '=', 'current')
      .executeTakeFirstOrThrow();
    return current.kid;
  });
}

/** Rotates when the current key is older than the policy allows. */
export async function rotateIfDue(db: Kysely<Database>, sealer: Sealer, now = new Date()): Promise<boolean> {
  const current = await db
    .selectFrom('oidc_keys')
    .select('activated_at')
    .where('status', '=', 'current')
    .executeTakeFirst();
  if (current?.activated_at && now.getTime() - current.activated_at.getTime() < keyPolicy.rotateAfterMs)
    return false;
  await rotateSigningKeys(db, sealer, now);
  return true;
}

export interface KeySet {
  /** Changes whenever the set of keys or their roles change. */
  version: string;
  /** Current key first (it signs); next and retired keys only verify, but are published. */
  keys: SigningJwk[];
}

/** Loads the keys for the provider, unsealed. */
export async function loadKeySet(db: Kysely<Database>, sealer: Sealer): Promise<KeySet> {
  const rows = await db
    .selectFrom('oidc_keys')
    .select(['kid', 'status', 'private_jwk_sealed'])
    .orderBy('created_at', 'desc')
    .execute();
  const order = { current: 0, next: 1, retired: 2 } as const;
  rows.sort((a, b) => order[a.status] - order[b.status]);
  const keys = rows.map((row) => {
    const jwk = JSON.parse(sealer.open(row.private_jwk_sealed)) as SigningJwk;
    // key_ops keeps oidc-provider from signing with a key that is only published.
    return row.status === 'current' ? jwk : { ...jwk, key_ops: ['verify'] };
  });
  return { version: rows.map((r) => `${r.kid}:${r.status}`).join(','), keys };
}

/** The cheap check the nodes run every minute to notice a rotation made elsewhere. */
export async function keySetVersion(db: Kysely<Database>): Promise<string> {
  const rows = await db
    .selectFrom('oidc_keys')
    .select(['kid', 'status'])
    .orderBy('created_at', 'desc')
    .execute();
  const order = { current: 0, next: 1, retired: 2 } as const;
  rows.sort((a, b) => order[a.status] - order[b.status]);
  return rows.map((r) => `${r.kid}:${r.status}`).join(',');
}
