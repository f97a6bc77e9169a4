import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type {
  GuardianRelation as DbRelation,
  MembershipRole,
  OrgUnitKind,
} from '../identity/identity.table.ts';

type Trx = Transaction<Database>;

export interface UnitRow {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  path: string;
}

export interface PersonRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
}

export interface MembershipRow {
  id: string;
  personId: string;
  role: MembershipRole;
  orgUnitId: string | null;
  number: string | null;
}

/** What the school already has, loaded once so a 10,000-row plan runs in memory. */
export interface RosterState {
  tenantId: string;
  units: Map<string, UnitRow>;
  /** `parentId|kind|name` → unit */
  unitsByKey: Map<string, UnitRow>;
  byNumber: Map<string, MembershipRow>;
  /** `personId|role` → membership */
  byPersonRole: Map<string, MembershipRow>;
  persons: Map<string, PersonRow>;
  personsByPhone: Map<string, PersonRow>;
  personsByEmail: Map<string, PersonRow>;
  /** `guardianId|studentId` → relation */
  guardianships: Map<string, DbRelation>;
  genders: Map<string, 'male' | 'female' | null>;
}

export const unitKey = (parentId: string | null, kind: string, name: string) =>
  `${parentId ?? ''}|${kind}|${name}`;

const CHUNK = 1000;

async function inChunks<T, R>(items: T[], work: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await work(items.slice(i, i + CHUNK))));
  return out;
}

/**
 * Loads the school's org units, numbered memberships, parent links, profiles, and every person the
 * file could touch (by membership, phone or email). Runs inside the tenant transaction.
 */
export async function loadRosterState(
  trx: Trx,
  tenantId: string,
  wanted: { phones: string[]; emails: string[] },
): Promise<RosterState> {
  const units = await trx
    .selectFrom('org_units')
    .select(['id', 'parent_id', 'kind', 'name', 'path'])
    .where('tenant_id', '=', tenantId)
    .where('archived_at', 'is', null)
    .execute();
  const memberships = await trx
    .selectFrom('memberships')
    .select(['id', 'person_id', 'role', 'org_unit_id', 'number'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const links = await trx
    .selectFrom('guardianships')
    .select(['guardian_person_id', 'student_person_id', 'relation'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const profiles = await trx
    .selectFrom('roster_profiles')
    .select(['person_id', 'gender'])
    .where('tenant_id', '=', tenantId)
    .execute();

  const ids = [...new Set(memberships.map((m) => m.person_id))];
  const select = ['id', 'display_name', 'phone', 'email'] as const;
  const people = [
    ...(await inChunks(ids, (chunk) =>
      trx.selectFrom('persons').select(select).where('id', 'in', chunk).execute(),
    )),
    ...(await inChunks(wanted.phones, (chunk) =>
      trx.selectFrom('persons').select(select).where('phone', 'in', chunk).execute(),
    )),
    ...(await inChunks(wanted.emails, (chunk) =>
      trx.selectFrom('persons').select(select).where('email', 'in', chunk).execute(),
    )),
  ];

  const state: RosterState = {
    tenantId,
    units: new Map(),
    unitsByKey: new Map(),
    byNumber: new Map(),
    byPersonRole: new Map(),
    persons: new Map(),
    personsByPhone: new Map(),
    personsByEmail: new Map(),
    guardianships: new Map(),
    genders: new Map(profiles.map((p) => [p.person_id, p.gender])),
  };
  for (const u of units) {
    const row: UnitRow = { id: u.id, parentId: u.parent_id, kind: u.kind, name: u.name, path: u.path };
    state.units.set(row.id, row);
    state.unitsByKey.set(unitKey(row.parentId, row.kind, row.name), row);
  }
  for (const m of memberships) {
    const row: MembershipRow = {
      id: m.id,
      personId: m.person_id,
      role: m.role,
      orgUnitId: m.org_unit_id,
      number: m.number,
    };
    if (row.number) state.byNumber.set(row.number, row);
    state.byPersonRole.set(`${row.personId}|${row.role}`, row);
  }
  for (const p of people)
    rememberPerson(state, { id: p.id, name: p.display_name, phone: p.phone, email: p.email });
  for (const l of links)
    state.guardianships.set(`${l.guardian_person_id}|${l.student_person_id}`, l.relation);
  return state;
}

export function rememberPerson(state: RosterState, person: PersonRow): void {
  state.persons.set(person.id, person);
  if (person.phone) state.personsByPhone.set(person.phone, person);
  if (person.email) state.personsByEmail.set(person.email.toLowerCase(), person);
}
