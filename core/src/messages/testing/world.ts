import { type Kysely, sql } from 'kysely';
import { generateSessionToken } from '../../auth/session-token.ts';
import type { Database } from '../../db/database.ts';
import { insertTenant } from '../../tenancy/tenancy.repository.ts';

/**
 * A small region for the message centre's tests, written as the owner: a county bureau with two
 * schools, another county with a third, classes, students, parents (one with children in two
 * schools, one who is also a teacher), a head teacher and a school admin.
 */
export interface World {
  bureau: string;
  otherBureau: string;
  schoolA: string;
  schoolB: string;
  schoolC: string;
  units: {
    grade7: string;
    class72: string;
    class73: string;
    grade8: string;
    class81: string;
    bClass72: string;
  };
  people: Record<
    | 'student1'
    | 'student2'
    | 'student3'
    | 'student81'
    | 'parent1'
    | 'parent2'
    | 'parent3'
    | 'parentTeacher'
    | 'headTeacher72'
    | 'teacher8'
    | 'admin'
    | 'bStudent'
    | 'bParent'
    | 'cTeacher'
    | 'bureauAdmin',
    string
  >;
}

async function person(db: Kysely<Database>, name: string, contact: { email?: string; phone?: string } = {}) {
  const row = await db
    .insertInto('persons')
    .values({ display_name: name, email: contact.email ?? null, phone: contact.phone ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function unit(
  db: Kysely<Database>,
  tenantId: string,
  parent: { id: string; path: string } | null,
  kind: 'grade' | 'class',
  name: string,
) {
  const id = crypto.randomUUID();
  const path = `${parent?.path ?? '/'}${id}/`;
  await db
    .insertInto('org_units')
    .values({ tenant_id: tenantId, id, parent_id: parent?.id ?? null, kind, name, path })
    .execute();
  return { id, path };
}

async function member(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  role: 'student' | 'teacher' | 'parent',
  unitId: string | null,
) {
  await db
    .insertInto('memberships')
    .values({ tenant_id: tenantId, person_id: personId, role, org_unit_id: unitId })
    .execute();
}

async function guardian(db: Kysely<Database>, tenantId: string, parentId: string, studentId: string) {
  await db
    .insertInto('guardianships')
    .values({
      tenant_id: tenantId,
      guardian_person_id: parentId,
      student_person_id: studentId,
      relation: 'mother',
    })
    .execute();
}

async function grant(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  roleKey: string,
  unitId: string | null,
) {
  await db
    .insertInto('role_grants')
    .values({ tenant_id: tenantId, person_id: personId, role_key: roleKey, org_unit_id: unitId })
    .execute();
}

export async function createWorld(owner: Kysely<Database>, prefix = '77'): Promise<World> {
  const platform =
    (await owner.selectFrom('tenants').select('id').where('kind', '=', 'platform').executeTakeFirst())?.id ??
    (await insertTenant(owner, { parentId: null, kind: 'platform', name: '平台', code: `p${prefix}` })).id;
  const province = await insertTenant(owner, {
    parentId: platform,
    kind: 'province',
    name: '测试省教育厅',
    code: `${prefix}0000`,
  });
  const city = await insertTenant(owner, {
    parentId: province.id,
    kind: 'city',
    name: '测试市教育局',
    code: `${prefix}0100`,
  });
  const county = await insertTenant(owner, {
    parentId: city.id,
    kind: 'county',
    name: '测试区教育局',
    code: `${prefix}0103`,
  });
  const county2 = await insertTenant(owner, {
    parentId: city.id,
    kind: 'county',
    name: '另一区教育局',
    code: `${prefix}0104`,
  });
  const a = await insertTenant(owner, {
    parentId: county.id,
    kind: 'school',
    name: '测试实验中学',
    code: `${prefix}00000001`,
  });
  const b = await insertTenant(owner, {
    parentId: county.id,
    kind: 'school',
    name: '测试第二中学',
    code: `${prefix}00000002`,
  });
  const c = await insertTenant(owner, {
    parentId: county2.id,
    kind: 'school',
    name: '外区中学',
    code: `${prefix}00000003`,
  });

  const grade7 = await unit(owner, a.id, null, 'grade', '七年级');
  const class72 = await unit(owner, a.id, grade7, 'class', '七年级(2)班');
  const class73 = await unit(owner, a.id, grade7, 'class', '七年级(3)班');
  const grade8 = await unit(owner, a.id, null, 'grade', '八年级');
  const class81 = await unit(owner, a.id, grade8, 'class', '八年级(1)班');
  const bClass72 = await unit(owner, b.id, null, 'class', '七年级(2)班');

  const p = {
    student1: await person(owner, '李明'),
    student2: await person(owner, '王芳'),
    student3: await person(owner, '张伟'),
    student81: await person(owner, '赵磊'),
    parent1: await person(owner, '李明妈妈', { email: 'parent1@example.cn', phone: '13800000001' }),
    parent2: await person(owner, '王芳爸爸', { email: 'parent2@example.cn', phone: '13800000002' }),
    parent3: await person(owner, '张伟妈妈', { email: 'parent3@example.cn' }),
    parentTeacher: await person(owner, '陈老师', { email: 'chen@example.cn' }),
    headTeacher72: await person(owner, '刘老师', { email: 'liu@example.cn', phone: '13800000009' }),
    teacher8: await person(owner, '周老师'),
    admin: await person(owner, '孙校长', { email: 'admin@example.cn', phone: '13800000010' }),
    bStudent: await person(owner, '李华'),
    bParent: await person(owner, '李华爸爸', { email: 'bparent@example.cn' }),
    cTeacher: await person(owner, '外区老师'),
    bureauAdmin: await person(owner, '教育局干部'),
  };
  await member(owner, a.id, p.student1, 'student', class72.id);
  await member(owner, a.id, p.student2, 'student', class72.id);
  await member(owner, a.id, p.student3, 'student', class73.id);
  await member(owner, a.id, p.student81, 'student', class81.id);
  for (const [parent, child] of [
    [p.parent1, p.student1],
    [p.parent2, p.student2],
    [p.parent3, p.student3],
    [p.parentTeacher, p.student2],
  ] as const) {
    await member(owner, a.id, parent, 'parent', null).catch(() => undefined);
    await guardian(owner, a.id, parent, child);
  }
  // 陈老师 is a parent in 7-2 and a teacher of grade 7: reached twice, messaged once.
  await member(owner, a.id, p.parentTeacher, 'teacher', grade7.id);
  await member(owner, a.id, p.headTeacher72, 'teacher', class72.id);
  await grant(owner, a.id, p.headTeacher72, 'head_teacher', class72.id);
  await member(owner, a.id, p.teacher8, 'teacher', grade8.id);
  await grant(owner, a.id, p.admin, 'school_admin', null);
  // School B: its own 7-2, and parent1 also has a child there.
  await member(owner, b.id, p.bStudent, 'student', bClass72.id);
  await member(owner, b.id, p.bParent, 'parent', null);
  await guardian(owner, b.id, p.bParent, p.bStudent);
  await member(owner, b.id, p.parent1, 'parent', null);
  await guardian(owner, b.id, p.parent1, p.bStudent);
  await member(owner, c.id, p.cTeacher, 'teacher', null);
  // A bureau role that may send (a custom role with messages:send).
  await owner
    .insertInto('custom_roles')
    .values({ tenant_id: county.id, key: 'custom:notices', name: '通知发布', permissions: ['messages:send'] })
    .execute();
  await grant(owner, county.id, p.bureauAdmin, 'custom:notices', null);

  return {
    bureau: county.id,
    otherBureau: county2.id,
    schoolA: a.id,
    schoolB: b.id,
    schoolC: c.id,
    units: {
      grade7: grade7.id,
      class72: class72.id,
      class73: class73.id,
      grade8: grade8.id,
      class81: class81.id,
      bClass72: bClass72.id,
    },
    people: p,
  };
}

/** A session cookie for a person acting in a tenant (what logging in would give). */
export async function sessionCookie(
  owner: Kysely<Database>,
  personId: string,
  tenantId: string,
): Promise<string> {
  const token = generateSessionToken();
  await owner
    .insertInto('sessions')
    .values({
      id: token.id,
      secret_hash: token.secretHash,
      person_id: personId,
      active_tenant_id: tenantId,
      idle_expires_at: new Date(Date.now() + 3_600_000),
      absolute_expires_at: new Date(Date.now() + 3_600_000),
    })
    .execute();
  return `cb_session=${token.token}`;
}

/** Deliveries of a person as the owner sees them (test assertions). */
export async function deliveriesOf(owner: Kysely<Database>, personId: string) {
  const { rows } = await sql<{ tenant_id: string; message_id: string; read_at: Date | null }>`
    SELECT tenant_id, message_id, read_at FROM message_deliveries WHERE person_id = ${personId}`.execute(
    owner,
  );
  return rows;
}
