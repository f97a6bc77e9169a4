import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type {
  GuardianRelation as DbRelation,
  MembershipRole,
  OrgUnitKind,
} from '../identity/identity.table.ts';

type Trx = Transaction<Database>;

/**
 * Where planned changes go. Ids are made here, so a plan can refer to rows it has not written
 * yet; creations are buffered and written as multi-row inserts in dependency order, which keeps a
 * 10,000-row import to a few hundred statements. A dry run uses the same sink and never flushes.
 */
export class RosterSink {
  readonly tenantId: string;
  readonly dryRun: boolean;
  private readonly trx: Trx | null;
  private persons: Array<{ id: string; display_name: string; phone: string | null; email: string | null }> =
    [];
  private units: Array<{
    tenant_id: string;
    id: string;
    parent_id: string | null;
    kind: OrgUnitKind;
    name: string;
    path: string;
  }> = [];
  private memberships: Array<{
    tenant_id: string;
    id: string;
    person_id: string;
    role: MembershipRole;
    org_unit_id: string | null;
    number: string | null;
  }> = [];
  private links: Array<{
    tenant_id: string;
    guardian_person_id: string;
    student_person_id: string;
    relation: DbRelation;
  }> = [];
  private profiles = new Map<string, 'male' | 'female' | null>();
  /** Persons whose memberships changed; their cached authorisation must expire. */
  readonly touched = new Set<string>();

  constructor(tenantId: string, trx: Trx | null) {
    this.tenantId = tenantId;
    this.trx = trx;
    this.dryRun = trx === null;
  }

  createPerson(input: { name: string; phone: string | null; email: string | null }): string {
    const id = crypto.randomUUID();
    this.persons.push({ id, display_name: input.name, phone: input.phone, email: input.email });
    return id;
  }

  createUnit(input: { parentId: string | null; parentPath: string; kind: OrgUnitKind; name: string }): {
    id: string;
    path: string;
  } {
    const id = crypto.randomUUID();
    const path = `${input.parentPath}${id}/`;
    this.units.push({
      tenant_id: this.tenantId,
      id,
      parent_id: input.parentId,
      kind: input.kind,
      name: input.name,
      path,
    });
    return { id, path };
  }

  createMembership(input: {
    personId: string;
    role: MembershipRole;
    orgUnitId: string | null;
    number: string | null;
  }): string {
    const id = crypto.randomUUID();
    this.memberships.push({
      tenant_id: this.tenantId,
      id,
      person_id: input.personId,
      role: input.role,
      org_unit_id: input.orgUnitId,
      number: input.number,
    });
    this.touched.add(input.personId);
    return id;
  }

  link(guardianId: string, studentId: string, relation: DbRelation): void {
    this.links.push({
      tenant_id: this.tenantId,
      guardian_person_id: guardianId,
      student_person_id: studentId,
      relation,
    });
  }

  setGender(personId: string, gender: 'male' | 'female' | null): void {
    this.profiles.set(personId, gender);
  }

  /** Updates run at once (they are few); in a dry run they only count. */
  async updatePerson(
    id: string,
    patch: { display_name?: string; phone?: string; email?: string },
  ): Promise<void> {
    await this.flush();
    if (!this.trx) return;
    await this.trx
      .updateTable('persons')
      .set({ ...patch, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  async updateMembership(
    id: string,
    patch: { org_unit_id?: string | null; role?: MembershipRole; status?: 'active' },
  ): Promise<void> {
    await this.flush();
    if (!this.trx) return;
    const row = await this.trx
      .updateTable('memberships')
      .set({ ...patch, updated_at: new Date() })
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .returning('person_id')
      .executeTakeFirst();
    if (row) this.touched.add(row.person_id);
  }

  async relink(guardianId: string, studentId: string, relation: DbRelation): Promise<void> {
    await this.flush();
    if (!this.trx) return;
    await this.trx
      .updateTable('guardianships')
      .set({ relation })
      .where('tenant_id', '=', this.tenantId)
      .where('guardian_person_id', '=', guardianId)
      .where('student_person_id', '=', studentId)
      .execute();
  }

  /** Writes what is buffered: persons, then units, memberships, links and profiles. */
  async flush(): Promise<void> {
    if (!this.trx) {
      this.clear();
      return;
    }
    const trx = this.trx;
    if (this.persons.length > 0) await trx.insertInto('persons').values(this.persons).execute();
    if (this.units.length > 0) await trx.insertInto('org_units').values(this.units).execute();
    if (this.memberships.length > 0) await trx.insertInto('memberships').values(this.memberships).execute();
    if (this.links.length > 0) await trx.insertInto('guardianships').values(this.links).execute();
    if (this.profiles.size > 0) {
      const rows = [...this.profiles].map(([person_id, gender]) => ({
        tenant_id: this.tenantId,
        person_id,
        gender,
      }));
      await trx
        .insertInto('roster_profiles')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'person_id'])
            .doUpdateSet((eb) => ({ gender: eb.ref('excluded.gender'), updated_at: new Date() })),
        )
        .execute();
    }
    this.clear();
  }

  private clear(): void {
    this.persons = [];
    this.units = [];
    this.memberships = [];
    this.links = [];
    this.profiles.clear();
  }
}
