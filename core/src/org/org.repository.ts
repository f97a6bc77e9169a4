import { ConflictError, InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { OrgUnit, OrgUnitKind } from '../identity/identity.table.ts';

type Trx = Transaction<Database>;

export async function findUnit(trx: Trx, tenantId: string, id: string): Promise<OrgUnit> {
  const unit = await trx
    .selectFrom('org_units')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!unit)
    throw new NotFoundError({ zh: '组织单元不存在', en: `Org unit ${id} does not exist in this school` });
  return unit;
}

export function listUnits(
  trx: Trx,
  tenantId: string,
  options: { includeArchived: boolean },
): Promise<OrgUnit[]> {
  let query = trx.selectFrom('org_units').selectAll().where('tenant_id', '=', tenantId);
  if (!options.includeArchived) query = query.where('archived_at', 'is', null);
  return query.orderBy('path').orderBy('sort').execute();
}

export interface NewUnit {
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code?: string | null;
  sort?: number;
}

async function assertCodeFree(
  trx: Trx,
  tenantId: string,
  code: string | null | undefined,
  exceptId?: string,
) {
  if (!code) return;
  let query = trx
    .selectFrom('org_units')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) {
    throw new ConflictError({
      zh: `编码 ${code} 已被其他组织单元使用`,
      en: `Code ${code} is already used by another unit`,
    });
  }
}

export async function insertUnit(trx: Trx, tenantId: string, input: NewUnit): Promise<OrgUnit> {
  const id = crypto.randomUUID();
  let path = `/${id}/`;
  if (input.parentId) {
    const parent = await findUnit(trx, tenantId, input.parentId);
    if (parent.archived_at) {
      throw new ConflictError({ zh: '上级单元已归档，不能在其下新建', en: 'The parent unit is archived' });
    }
    path = `${parent.path}${id}/`;
  }
  await assertCodeFree(trx, tenantId, input.code);
  return trx
    .insertInto('org_units')
    .values({
      tenant_id: tenantId,
      id,
      parent_id: input.parentId,
      kind: input.kind,
      name: input.name,
      code: input.code ?? null,
      path,
      sort: input.sort ?? 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUnit(
  trx: Trx,
  tenantId: string,
  id: string,
  changes: { name?: string; code?: string | null; sort?: number },
): Promise<OrgUnit> {
  await findUnit(trx, tenantId, id);
  if (changes.code !== undefined) await assertCodeFree(trx, tenantId, changes.code, id);
  return trx
    .updateTable('org_units')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moves a unit (and its subtree) under a new parent, rewriting the paths in one statement. */
export async function moveUnit(
  trx: Trx,
  tenantId: string,
  id: string,
  newParentId: string | null,
): Promise<OrgUnit> {
  const unit = await findUnit(trx, tenantId, id);
  let prefix = '/';
  if (newParentId) {
    const parent = await findUnit(trx, tenantId, newParentId);
    if (parent.path.startsWith(unit.path)) {
      throw new InputError({
        zh: '不能把单元移到它自己的下级',
        en: 'A unit cannot move under its own subtree',
      });
    }
    if (parent.archived_at)
      throw new ConflictError({ zh: '目标上级已归档', en: 'The new parent is archived' });
    prefix = parent.path;
  }
  const newPath = `${prefix}${id}/`;
  await sql`
    UPDATE org_units SET path = ${newPath} || substr(path, ${unit.path.length + 1}), updated_at = now()
    WHERE tenant_id = ${tenantId} AND path LIKE ${`${unit.path}%`}`.execute(trx);
  await trx
    .updateTable('org_units')
    .set({ parent_id: newParentId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  return findUnit(trx, tenantId, id);
}

/**
 * Archives a unit: it disappears from pickers but keeps its row, so memberships, grants and
 * history that name it stay intact. Refused while it has live children or active members.
 */
export async function archiveUnit(trx: Trx, tenantId: string, id: string): Promise<OrgUnit> {
  const unit = await findUnit(trx, tenantId, id);
  const child = await trx
    .selectFrom('org_units')
    .select('name')
    .where('tenant_id', '=', tenantId)
    .where('parent_id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (child) {
    throw new ConflictError({
      zh: `请先归档或移走下级单元「${child.name}」`,
      en: `Archive or move the child unit ${child.name} first`,
    });
  }
  const member = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('org_unit_id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  if (Number(member.n) > 0) {
    throw new ConflictError({
      zh: `「${unit.name}」还有 ${member.n} 名在籍成员，请先调整他们的归属`,
      en: `${unit.name} still has ${member.n} active members; move them first`,
    });
  }
  return trx
    .updateTable('org_units')
    .set({ archived_at: new Date(), updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
