import { ConflictError, InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { keyIdOf } from '@campusbase/plugin-sdk/package';
import { createPublicKey } from 'node:crypto';
import { PUBLISH, requireVendorMember } from '../access.ts';
import type { Caller, MarketplacePorts } from '../ports.ts';
import { ForbiddenError } from '@campusbase/plugin-sdk/errors';

export interface VendorKeyView {
  id: string;
  keyId: string;
  label: string | null;
  status: 'active' | 'retired' | 'revoked';
  createdAt: string;
  retiredAt: string | null;
  revokedAt: string | null;
}

function checkPublicKey(pem: string): string {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'ed25519') return keyIdOf(key);
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    {
      zh: '公钥不是有效的 ed25519 公钥（PEM 格式），请用 campusbase-app keygen 生成',
      en: 'The public key is not an ed25519 SPKI PEM key; make one with campusbase-app keygen',
    },
    undefined,
    'invalid_public_key',
  );
}

/** Vendor organisations, their developer members, and their ed25519 signing keys. */
export class Vendors {
  readonly #ports: MarketplacePorts;

  constructor(ports: MarketplacePorts) {
    this.#ports = ports;
  }

  async create(caller: Caller, input: { name: string; contactEmail?: string; website?: string }) {
    if (!caller.can(PUBLISH)) {
      throw new ForbiddenError(
        {
          zh: '需要「应用开发商」角色才能创建开发商',
          en: 'Creating a vendor needs the vendor developer role',
        },
        undefined,
        'not_vendor_developer',
      );
    }
    const db = this.#ports.db.app;
    const id = await db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('market_vendors')
        .select('id')
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (taken)
        throw new ConflictError({
          zh: `开发商名称「${input.name}」已被使用`,
          en: `The vendor name ${input.name} is taken`,
        });
      const row = await trx
        .insertInto('market_vendors')
        .values({
          name: input.name,
          contact_email: input.contactEmail ?? null,
          website: input.website ?? null,
          created_by: caller.personId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('market_vendor_members')
        .values({ vendor_id: row.id, person_id: caller.personId, role: 'owner' })
        .execute();
      return row.id;
    });
    await this.#audit(caller, 'marketplace.vendor.create', id, { name: input.name });
    return { id };
  }

  /** The vendors the caller belongs to. */
  mine(caller: Caller) {
    return this.#ports.db.app
      .selectFrom('market_vendors as v')
      .innerJoin('market_vendor_members as m', 'm.vendor_id', 'v.id')
      .select(['v.id', 'v.name', 'v.contact_email as contactEmail', 'v.website', 'm.role'])
      .where('m.person_id', '=', caller.personId)
      .orderBy('v.name')
      .execute();
  }

  async addMember(caller: Caller, vendorId: string, personId: string, role: 'owner' | 'developer') {
    await requireVendorMember(this.#ports.db.app, caller, vendorId, 'owner');
    await this.#ports.db.app
      .insertInto('market_vendor_members')
      .values({ vendor_id: vendorId, person_id: personId, role })
      .onConflict((oc) => oc.columns(['vendor_id', 'person_id']).doUpdateSet({ role }))
      .execute();
    await this.#audit(caller, 'marketplace.vendor.member.add', vendorId, { personId, role });
  }

  async listKeys(caller: Caller, vendorId: string): Promise<VendorKeyView[]> {
    await requireVendorMember(this.#ports.db.app, caller, vendorId);
    const rows = await this.#ports.db.app
      .selectFrom('market_vendor_keys')
      .selectAll()
      .where('vendor_id', '=', vendorId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      keyId: r.key_id,
      label: r.label,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      retiredAt: r.retired_at?.toISOString() ?? null,
      revokedAt: r.revoked_at?.toISOString() ?? null,
    }));
  }

  /**
   * Registers a public key. With `rotate`, the vendor's active keys become retired: packages they
   * signed still install, but new uploads must be signed with the new key.
   */
  async addKey(
    caller: Caller,
    vendorId: string,
    input: { publicKey: string; label?: string; rotate?: boolean },
  ) {
    await requireVendorMember(this.#ports.db.app, caller, vendorId, 'owner');
    const keyId = checkPublicKey(input.publicKey);
    const id = await this.#ports.db.app.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('market_vendor_keys')
        .select('vendor_id')
        .where('key_id', '=', keyId)
        .executeTakeFirst();
      if (existing)
        throw new ConflictError(
          { zh: '该公钥已登记过', en: 'This public key is already registered' },
          undefined,
          'key_exists',
        );
      if (input.rotate) {
        await trx
          .updateTable('market_vendor_keys')
          .set({ status: 'retired', retired_at: new Date() })
          .where('vendor_id', '=', vendorId)
          .where('status', '=', 'active')
          .execute();
      }
      const row = await trx
        .insertInto('market_vendor_keys')
        .values({
          vendor_id: vendorId,
          key_id: keyId,
          public_key: input.publicKey.trim(),
          label: input.label ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
    await this.#audit(caller, input.rotate ? 'marketplace.key.rotate' : 'marketplace.key.add', vendorId, {
      keyId,
    });
    return { id, keyId };
  }

  /**
   * Revokes a key (it leaked): nothing it signed verifies any more, so its versions can no longer be
   * uploaded or installed. Existing installations keep running until a reviewer suspends them.
   */
  async revokeKey(caller: Caller, vendorId: string, keyId: string, reason: string) {
    await requireVendorMember(this.#ports.db.app, caller, vendorId, 'owner');
    const result = await this.#ports.db.app
      .updateTable('market_vendor_keys')
      .set({ status: 'revoked', revoked_at: new Date(), revoke_reason: reason })
      .where('vendor_id', '=', vendorId)
      .where('key_id', '=', keyId)
      .where('status', '<>', 'revoked')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new NotFoundError({ zh: '没有这个可吊销的密钥', en: `No revocable key ${keyId}` });
    await this.#audit(caller, 'marketplace.key.revoke', vendorId, { keyId, reason });
  }

  /** Public keys that still verify (active and retired), with their status. */
  verifyingKeys(vendorId: string) {
    return this.#ports.db.app
      .selectFrom('market_vendor_keys')
      .select(['key_id', 'public_key', 'status'])
      .where('vendor_id', '=', vendorId)
      .where('status', '<>', 'revoked')
      .execute();
  }

  #audit(caller: Caller, action: string, vendorId: string, details: Record<string, unknown>) {
    return this.#ports.audit.record({
      tenantId: null,
      actorPersonId: caller.personId,
      action,
      targetType: 'market_vendor',
      targetId: vendorId,
      result: 'success',
      details: { requestId: caller.requestId, ...details },
    });
  }
}
