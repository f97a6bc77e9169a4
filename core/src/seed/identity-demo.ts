import type { Kysely, Transaction } from 'kysely';
import { hashPassword } from '../auth/password.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { demoLogins } from './banner.ts';
import { type DemoSeedStep, demoSeedSteps } from './demo.ts';
import {
  crossSchoolParent,
  DEMO_PASSWORD,
  type DemoStaff,
  demoName,
  demoStaff,
  middleGrades,
  primaryGrades,
} from './identity-demo-data.ts';

type Trx = Transaction<Database>;

async function unit(
  trx: Trx,
  tenantId: string,
  parent: { id: string; path: string } | null,
  kind: 'campus' | 'department' | 'grade' | 'class' | 'teaching_research_group',
  name: string,
  code: string,
  sort: number,
) {
  const id = crypto.randomUUID();
  const path = `${parent?.path ?? '/'}${id}/`;
  await trx
    .insertInto('org_units')
    .values({ tenant_id: tenantId, id, parent_id: parent?.id ?? null, kind, name, code, path, sort })
    .execute();
  return { id, path };
}

interface SchoolTree {
  classes: Array<Array<{ id: string; path: string }>>;
  units: Map<string, { id: string; path: string }>;
}

async function seedTree(
  trx: Trx,
  tenantId: string,
  grades: string[],
  classesPerGrade: number,
  yearBase: number,
): Promise<SchoolTree> {
  const campus = await unit(trx, tenantId, null, 'campus', '本部校区', 'main', 0);
  const units = new Map<string, { id: string; path: string }>();
  const departments = ['校长办公室', '教务处', '德育处', '信息中心'];
  for (const [i, name] of departments.entries())
    units.set(name, await unit(trx, tenantId, campus, 'department', name, `dept-${i + 1}`, i));
  const groups = ['语文教研组', '数学教研组', '英语教研组', '物理教研组'];
  for (const [i, name] of groups.entries())
    units.set(
      name,
      await unit(trx, tenantId, campus, 'teaching_research_group', name, `trg-${i + 1}`, 10 + i),
    );
  const classes: SchoolTree['classes'] = [];
  for (const [g, gradeName] of grades.entries()) {
    const grade = await unit(trx, tenantId, campus, 'grade', gradeName, `g${yearBase - g}`, 20 + g);
    const row = [];
    for (let k = 1; k <= classesPerGrade; k++)
      row.push(
        await unit(trx, tenantId, grade, 'class', `${gradeName}(${k})班`, `g${yearBase - g}-c${k}`, k),
      );
    classes.push(row);
  }
  return { classes, units };
}

async function person(
  trx: Trx,
  values: { name: string; username?: string | null; phone?: string | null; passwordHash?: string | null },
) {
  const row = await trx
    .insertInto('persons')
    .values({
      display_name: values.name,
      username: values.username ?? null,
      phone: values.phone ?? null,
      password_hash: values.passwordHash ?? null,
      password_changed_at: values.passwordHash ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function seedStaff(
  trx: Trx,
  staff: DemoStaff,
  tenantId: string,
  tree: SchoolTree | null,
  hash: string,
): Promise<string> {
  const id = await person(trx, {
    name: staff.name,
    username: staff.username,
    phone: staff.phone,
    passwordHash: hash,
  });
  await withTenant(trx, tenantId, async (scoped) => {
    const unitRef = staff.unit ? (tree?.units.get(staff.unit) ?? null) : null;
    if (staff.membership) {
      await scoped
        .insertInto('memberships')
        .values({
          tenant_id: tenantId,
          person_id: id,
          org_unit_id: unitRef?.id ?? null,
          role: staff.membership,
          number: tree ? `T${staff.phone.slice(-4)}` : null,
        })
        .execute();
    }
    for (const role of staff.grants)
      await scoped
        .insertInto('role_grants')
        .values({
          tenant_id: tenantId,
          person_id: id,
          role_key: role,
          org_unit_id: null,
          granted_by: null,
          revoked_at: null,
          revoked_by: null,
        })
        .execute();
    const cls = staff.headOf ? tree?.classes[staff.headOf[0]]?.[staff.headOf[1] - 1] : undefined;
    if (cls)
      await scoped
        .insertInto('role_grants')
        .values({
          tenant_id: tenantId,
          person_id: id,
          role_key: 'head_teacher',
          org_unit_id: cls.id,
          granted_by: null,
          revoked_at: null,
          revoked_by: null,
        })
        .execute();
  });
  return id;
}

async function seedStudents(
  trx: Trx,
  tenantId: string,
  tree: SchoolTree,
  yearBase: number,
  offset: number,
): Promise<string[]> {
  const firstOfClass: string[] = [];
  let n = offset;
  for (const [g, row] of tree.classes.entries()) {
    for (const [k, cls] of row.entries()) {
      const ids: string[] = [];
      for (let s = 1; s <= 6; s++) {
        const id = await person(trx, { name: demoName(n++) });
        ids.push(id);
        const number = `${yearBase - g}${String(k + 1).padStart(2, '0')}${String(s).padStart(2, '0')}`;
        await withTenant(trx, tenantId, (scoped) =>
          scoped
            .insertInto('memberships')
            .values({ tenant_id: tenantId, person_id: id, org_unit_id: cls.id, role: 'student', number })
            .execute(),
        );
      }
      firstOfClass.push(ids[0] as string);
    }
  }
  return firstOfClass;
}

async function guardian(
  trx: Trx,
  tenantId: string,
  parentId: string,
  studentId: string,
  relation: 'mother' | 'father',
) {
  await withTenant(trx, tenantId, async (scoped) => {
    await scoped
      .insertInto('guardianships')
      .values({ tenant_id: tenantId, guardian_person_id: parentId, student_person_id: studentId, relation })
      .execute();
    const unitOf = await scoped
      .selectFrom('memberships')
      .select('org_unit_id')
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', studentId)
      .executeTakeFirst();
    await scoped
      .insertInto('memberships')
      .values({
        tenant_id: tenantId,
        person_id: parentId,
        org_unit_id: unitOf?.org_unit_id ?? null,
        role: 'parent',
        number: null,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'person_id', 'role']).doNothing())
      .execute();
  });
}

export const identityDemoStep: DemoSeedStep = {
  name: 'identity: people, org trees, roles',
  async run(db: Kysely<Database>, tenants) {
    const exists = await db
      .selectFrom('persons')
      .select('id')
      .where('username', '=', 'admin.fenglin')
      .executeTakeFirst();
    if (exists) return;
    // One hash for every demo account (same password), so seeding stays fast.
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.transaction().execute(async (trx) => {
      const primary = tenants.get('school-primary') as string;
      const middle = tenants.get('school-middle') as string;
      const trees = new Map<string, SchoolTree>([
        [
          'school-primary',
          await withTenant(trx, primary, (s) => seedTree(s, primary, primaryGrades, 2, 2025)),
        ],
        ['school-middle', await withTenant(trx, middle, (s) => seedTree(s, middle, middleGrades, 3, 2025))],
      ]);
      for (const staff of demoStaff) {
        const tenantId = tenants.get(staff.tenant);
        if (tenantId) await seedStaff(trx, staff, tenantId, trees.get(staff.tenant) ?? null, hash);
      }
      const primaryKids = await seedStudents(
        trx,
        primary,
        trees.get('school-primary') as SchoolTree,
        2025,
        0,
      );
      const middleKids = await seedStudents(trx, middle, trees.get('school-middle') as SchoolTree, 2025, 500);
      // Parents: one per first student of each class, plus 陈静 with a child in each school.
      let p = 1000;
      for (const [tenantId, kids] of [
        [primary, primaryKids],
        [middle, middleKids],
      ] as const) {
        for (const kid of kids.slice(1)) {
          const parentId = await person(trx, {
            name: demoName(p),
            phone: `1390772${String(p).padStart(4, '0')}`,
          });
          p++;
          await guardian(trx, tenantId, parentId, kid, p % 2 === 0 ? 'mother' : 'father');
        }
      }
      const chen = await person(trx, { ...crossSchoolParent, passwordHash: hash });
      await guardian(trx, primary, chen, primaryKids[0] as string, 'mother');
      await guardian(trx, middle, chen, middleKids[0] as string, 'mother');
    });
  },
};

demoSeedSteps.push(identityDemoStep);
demoLogins.push(
  { role: '学校管理员 凤岭实验小学', login: 'admin.fenglin', password: DEMO_PASSWORD },
  { role: '学校管理员 邕江初级中学', login: 'admin.yongjiang', password: DEMO_PASSWORD },
  { role: '班主任 七年级(2)班', login: 'zhangxiaoyan', password: DEMO_PASSWORD },
  { role: '家长 (两校各一子女)', login: crossSchoolParent.phone, password: `${DEMO_PASSWORD} 或短信验证码` },
  { role: '青秀区教育局', login: 'bureau.qingxiu', password: DEMO_PASSWORD },
  { role: '平台管理员', login: 'platform.admin', password: DEMO_PASSWORD },
  { role: '应用审核员', login: 'reviewer', password: DEMO_PASSWORD },
  { role: '应用开发商', login: 'vendor.dev', password: DEMO_PASSWORD },
);
