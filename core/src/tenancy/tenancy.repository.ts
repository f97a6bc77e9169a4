import { ConflictError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Tenant, TenantKind } from './tenancy.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

const childKinds: Record<TenantKind, TenantKind[]> = {
  platform: ['province', 'city', 'county', 'school'],
  province: ['city', 'county', 'school'],
  city: ['county', 'school'],
  county: ['school'],
  school: [],
};

export interface TenantInput {
  parentId: string | null;
  kind: TenantKind;
  name: string;
  code: string;
}

/**
 * Inserts a tenant under its parent. The path is the parent's path plus the new id, so a subtree
 * is one indexed `LIKE 'prefix%'`.
 */
export async function insertTenant(db: Db, input: TenantInput): Promise<Tenant> {
  const id = crypto.randomUUID();
  let path = `/${id}/`;
  if (input.parentId) {
    const parent = await db
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', input.parentId)
      .executeTakeFirst();
    if (!parent) {
      throw new NotFoundError({ zh: '上级单位不存在', en: `Parent tenant ${input.parentId} does not exist` });
    }
    if (!childKinds[parent.kind].includes(input.kind)) {
      throw new ConflictError({
        zh: `「${parent.name}」下不能建立此类单位（${input.kind}）`,
        en: `A ${input.kind} cannot sit under the ${parent.kind} ${parent.name}`,
      });
    }
    path = `${parent.path}${id}/`;
  }
  const existing = await db
    .selectFrom('tenants')
    .select('id')
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (existing) {
    throw new ConflictError({ zh: `代码 ${input.code} 已被使用`, en: `Code ${input.code} is already used` });
  }
  return db
    .insertInto('tenants')
    .values({ id, parent_id: input.parentId, kind: input.kind, name: input.name, code: input.code, path })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findTenantByCode(db: Db, code: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findTenantById(db: Db, id: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The tenant and everything below it. */
export function listSubtree(db: Db, tenant: Pick<Tenant, 'path'>): Promise<Tenant[]> {
  return db
    .selectFrom('tenants')
    .selectAll()
    .where('path', 'like', `${tenant.path}%`)
    .orderBy('path')
    .execute();
}

export function countTenants(db: Db): Promise<number> {
  return db
    .selectFrom('tenants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.n));
}

/** Reads a school-owned setting. Call inside `withTenant`. */
export async function getTenantSetting<T>(trx: Db, tenantId: string, key: string): Promise<T | undefined> {
  const row = await trx
    .selectFrom('tenant_settings')
    .select('value')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value as T | undefined;
}

/** Writes a school-owned setting. Call inside `withTenant`. */
export async function putTenantSetting(
  trx: Db,
  tenantId: string,
  key: string,
  value: unknown,
): Promise<void> {
  const json = JSON.stringify(value);
  await trx
    .insertInto('tenant_settings')
    .values({ tenant_id: tenantId, key, value: json })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value: json, updated_at: new Date() }))
    .execute();
}
