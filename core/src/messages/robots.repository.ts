import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Category } from './messages.table.ts';
import type { SendInput } from './send.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The org units a group audience names; null when the audience is people, not a group. */
export function groupUnits(input: Pick<SendInput, 'audience' | 'shareWithGroups'>): string[] | null {
  const parts = Array.isArray(input.audience)
    ? (input.audience as Array<{ kind?: unknown; orgUnitId?: unknown }>)
    : [];
  const units = parts
    .filter((p) => p.kind === 'unit' && typeof p.orgUnitId === 'string')
    .map((p) => p.orgUnitId as string);
  const schoolWide = parts.some((p) => p.kind === 'school' || p.kind === 'schools');
  if (units.length > 0 || schoolWide || input.shareWithGroups) return units;
  return null;
}

/**
 * The active robots a message goes to: its category is one of the robot's, and it is addressed to a
 * group. A robot bound to org units takes messages naming one of them or a unit below; a robot
 * without units takes every group message of its categories. Runs in the sender's tenant scope.
 */
export async function groupRobots(
  trx: Transaction<Database>,
  input: Pick<SendInput, 'tenantId' | 'category' | 'audience' | 'shareWithGroups'>,
): Promise<Array<{ id: string; name: string }>> {
  const units = groupUnits(input);
  if (units === null) return [];
  const { rows } = await sql<{ id: string; name: string }>`
    SELECT r.id, r.name FROM message_wecom_robots r
    WHERE r.tenant_id = ${input.tenantId} AND r.active AND ${input.category} = ANY(r.categories)
      AND (cardinality(r.org_unit_ids) = 0 OR EXISTS (
        SELECT 1 FROM org_units ru
        JOIN org_units mu ON mu.tenant_id = ru.tenant_id AND mu.path LIKE ru.path || '%'
        WHERE ru.tenant_id = ${input.tenantId} AND ru.id = ANY(r.org_unit_ids)
          AND mu.id = ANY(${units}::uuid[])))`.execute(trx);
  return rows;
}

export interface RobotView {
  id: string;
  name: string;
  keyHint: string;
  categories: Category[];
  orgUnitIds: string[];
  active: boolean;
  createdAt: string;
  keyRotatedAt: string | null;
}

const columns = [
  'id',
  'name',
  'key_hint',
  'categories',
  'org_unit_ids',
  'active',
  'created_at',
  'key_rotated_at',
] as const;

type RobotRow = {
  id: string;
  name: string;
  key_hint: string;
  categories: Category[];
  org_unit_ids: string[];
  active: boolean;
  created_at: Date;
  key_rotated_at: Date | null;
};

/** What an admin sees of a robot: never the key, only its last four characters. */
export function robotView(r: RobotRow): RobotView {
  return {
    id: r.id,
    name: r.name,
    keyHint: r.key_hint,
    categories: r.categories,
    orgUnitIds: r.org_unit_ids,
    active: r.active,
    createdAt: r.created_at.toISOString(),
    keyRotatedAt: r.key_rotated_at?.toISOString() ?? null,
  };
}

export async function listRobots(db: Db, tenantId: string): Promise<RobotView[]> {
  const rows = await db
    .selectFrom('message_wecom_robots')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
  return rows.map(robotView);
}

/** The org units of this school among `ids` (a robot may only name its own school's units). */
export async function knownUnits(db: Db, tenantId: string, ids: ReadonlyArray<string>): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await db
    .selectFrom('org_units')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertRobot(
  db: Db,
  robot: {
    tenantId: string;
    name: string;
    keySealed: string;
    keyHint: string;
    categories: Category[];
    orgUnitIds: string[];
    createdBy: string;
  },
): Promise<RobotView> {
  const row = await db
    .insertInto('message_wecom_robots')
    .values({
      tenant_id: robot.tenantId,
      name: robot.name,
      key_sealed: robot.keySealed,
      key_hint: robot.keyHint,
      categories: robot.categories,
      org_unit_ids: robot.orgUnitIds,
      created_by: robot.createdBy,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return robotView(row);
}

export async function updateRobot(
  db: Db,
  tenantId: string,
  id: string,
  change: {
    name?: string;
    categories?: Category[];
    orgUnitIds?: string[];
    active?: boolean;
    keySealed?: string;
    keyHint?: string;
  },
): Promise<RobotView | null> {
  const row = await db
    .updateTable('message_wecom_robots')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.categories ? { categories: change.categories } : {}),
      ...(change.orgUnitIds ? { org_unit_ids: change.orgUnitIds } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      ...(change.keySealed && change.keyHint
        ? { key_sealed: change.keySealed, key_hint: change.keyHint, key_rotated_at: new Date() }
        : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return row ? robotView(row) : null;
}
