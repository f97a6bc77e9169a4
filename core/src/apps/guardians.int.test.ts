import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUnit } from '../org/org.repository.ts';
import type { TestDatabase } from '../../../test/harness.ts';
import { appDirectoryPort } from './directory.ts';
import type { AppPlatform } from './index.ts';
import { type AppsHarness, startAppsHarness } from './testing/harness.ts';
import { registerTestApp, testManifest } from './testing/fixtures.ts';

/**
 * `people.guardiansOf` through the real runtime: a sandboxed app, the capability host's scope
 * check and audit, and the directory port on the RLS-bound app role.
 */
const source = `
import { defineApp } from '@campusbase/plugin-sdk';
export default defineApp({
  routes: {
    'GET /students/:id/guardians': async (request, { people }) => people.guardiansOf(request.param('id')),
  },
});
`;
const routes = [{ method: 'GET', path: '/students/:id/guardians' }];

let db: TestDatabase;
let apps: AppPlatform;
let harness: AppsHarness;
let audit: AppsHarness['audit'];
let schoolA: string;
let schoolB: string;
const install: Record<'guardiansA' | 'guardiansB' | 'basicA' | 'declinedA', string> = {
  guardiansA: '',
  guardiansB: '',
  basicA: '',
  declinedA: '',
};
const person: Record<string, string> = {};

function request(tenantId: string, method: string, path: string, body?: unknown, admin = false) {
  return harness.request(tenantId, method, path, body, { admin });
}

async function guardians<T>(installation: keyof typeof install, studentId: string) {
  const tenant = installation === 'guardiansB' ? schoolB : schoolA;
  const response = await request(
    tenant,
    'GET',
    `/apps/${install[installation]}/api/students/${studentId}/guardians`,
  );
  return { status: response.status, text: await response.clone().text(), body: (await response.json()) as T };
}

/** Installs as the marketplace does after the admin's consent (recorded there, not in this test). */
async function installApp(tenantId: string, appId: string, approvedScopes: string[]): Promise<string> {
  return apps.installations.install(
    tenantId,
    { appId, approvedScopes },
    { personId: null, requestId: 'guardians-test' },
    async () => undefined,
  );
}

async function addPerson(
  key: string,
  name: string,
  memberships: Array<{ tenantId: string; role: 'student' | 'teacher' | 'parent'; unit: string | null }>,
  phone: string | null = null,
) {
  const row = await db.owner
    .insertInto('persons')
    .values({
      display_name: name,
      phone,
      email: phone ? `${key}@example.cn` : null,
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0c2FsdA$SECRETHASHSECRETHASH',
      national_id_hash: `nid-hash-${key}`,
      national_id_masked: '4501**********1234',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  person[key] = row.id;
  for (const m of memberships) {
    await db.owner
      .insertInto('memberships')
      .values({ tenant_id: m.tenantId, person_id: row.id, org_unit_id: m.unit, role: m.role })
      .execute();
  }
}

async function link(
  tenantId: string,
  guardian: string,
  student: string,
  relation: 'father' | 'mother' | 'grandparent',
) {
  await db.owner
    .insertInto('guardianships')
    .values({
      tenant_id: tenantId,
      guardian_person_id: person[guardian]!,
      student_person_id: person[student]!,
      relation,
    })
    .execute();
}

beforeAll(async () => {
  harness = await startAppsHarness(
    { workers: 1 },
    { ports: (db) => ({ directory: appDirectoryPort(db.app) }), jobs: false },
  );
  ({ db, apps, audit } = harness);
  [schoolA, schoolB] = harness.schools as [string, string];

  const classA = await db.owner
    .transaction()
    .execute((trx) => insertUnit(trx, schoolA, { parentId: null, kind: 'class', name: '七(2)班' }));
  const classB = await db.owner
    .transaction()
    .execute((trx) => insertUnit(trx, schoolB, { parentId: null, kind: 'class', name: '八(1)班' }));
  await addPerson('liMing', '李明', [{ tenantId: schoolA, role: 'student', unit: classA.id }], '13800000001');
  await addPerson('liHong', '李红', [{ tenantId: schoolA, role: 'student', unit: classA.id }]);
  await addPerson('liQiang', '李强', [{ tenantId: schoolA, role: 'parent', unit: classA.id }], '13800000003');
  // 王丽 is 李明's mother in school A and a teacher in school B, with no phone on file.
  await addPerson('wangLi', '王丽', [{ tenantId: schoolB, role: 'teacher', unit: classB.id }]);
  await addPerson('grandpa', '李大山', [], '13800000005');
  await addPerson('left', '转学生', [{ tenantId: schoolA, role: 'student', unit: classA.id }]);
  await addPerson('zhaoLei', '赵磊', [{ tenantId: schoolB, role: 'student', unit: classB.id }]);
  await addPerson(
    'zhaoGang',
    '赵刚',
    [{ tenantId: schoolB, role: 'parent', unit: classB.id }],
    '13900000009',
  );
  await link(schoolA, 'liQiang', 'liMing', 'father');
  await link(schoolA, 'wangLi', 'liMing', 'mother');
  await link(schoolA, 'grandpa', 'liMing', 'grandparent');
  await link(schoolA, 'liQiang', 'left', 'father');
  await link(schoolB, 'zhaoGang', 'zhaoLei', 'father');
  await db.owner
    .updateTable('persons')
    .set({ status: 'disabled' })
    .where('id', '=', person.grandpa!)
    .execute();
  await db.owner
    .updateTable('memberships')
    .set({ status: 'inactive' })
    .where('person_id', '=', person.left!)
    .execute();

  const manifest = (id: string, permissions: string[]) =>
    testManifest({ id, name: { zh: id, en: id }, permissions, routes });
  await registerTestApp(db.owner, manifest('cn.test.guardians', ['people:read:guardians']), source);
  await registerTestApp(db.owner, manifest('cn.test.basic', ['people:read:basic']), source);
  install.guardiansA = await installApp(schoolA, 'cn.test.guardians', ['people:read:guardians']);
  install.guardiansB = await installApp(schoolB, 'cn.test.guardians', ['people:read:guardians']);
  install.basicA = await installApp(schoolA, 'cn.test.basic', ['people:read:basic']);
  await registerTestApp(db.owner, manifest('cn.test.declined', ['people:read:guardians']), source);
  install.declinedA = await installApp(schoolA, 'cn.test.declined', []);
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe('people.guardiansOf in the real runtime', () => {
  it('lists the guardians of a student with relation and whether SMS reaches them, never a number', async () => {
    const { status, body, text } = await guardians('guardiansA', person.liMing!);
    expect(status).toBe(200);
    expect(body).toEqual([
      { id: person.wangLi, name: '王丽', relation: 'mother', hasPhone: false },
      { id: person.liQiang, name: '李强', relation: 'father', hasPhone: true },
    ]);
    for (const secret of ['13800000003', '13800000001', '@example.cn', 'nid-hash', 'argon2', '李大山'])
      expect(text).not.toContain(secret);
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        action: 'app.capability.people.guardiansOf',
        targetId: install.guardiansA,
        result: 'success',
        details: expect.objectContaining({ studentId: person.liMing }),
      }),
    );
  });

  it('shows a guardian who also belongs to another school without anything of that school', async () => {
    const { text } = await guardians('guardiansA', person.liMing!);
    expect(text).not.toContain(schoolB);
    expect(text).not.toContain('teacher');
    expect(text).not.toContain('八(1)班');
    // …and school B's app cannot reach 李明 through 王丽's membership there.
    const fromB = await guardians<{ error: { code: string } }>('guardiansB', person.liMing!);
    expect(fromB.status).toBe(404);
    expect(fromB.body.error.code).toBe('student_not_found');
  });

  it('answers an empty list for a student without guardians', async () => {
    expect(await guardians('guardiansA', person.liHong!)).toMatchObject({ status: 200, body: [] });
  });

  it('does not find another school’s student, a former student, a non-student or a bad id, and audits it', async () => {
    for (const id of [person.zhaoLei!, person.left!, person.liQiang!, 'not-a-uuid']) {
      const { status, body, text } = await guardians<{ error: { code: string } }>('guardiansA', id);
      expect(status, id).toBe(404);
      expect(body.error.code).toBe('student_not_found');
      expect(text).not.toContain('赵刚');
    }
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        action: 'app.capability.people.guardiansOf',
        targetId: install.guardiansA,
        tenantId: schoolA,
        result: 'failure',
        details: expect.objectContaining({ code: 'student_not_found' }),
      }),
    );
    // School B's own app does see its own student's guardian.
    const own = await guardians<Array<{ name: string }>>('guardiansB', person.zhaoLei!);
    expect(own.body.map((guardian) => guardian.name)).toEqual(['赵刚']);
  });

  it('refuses an app that did not declare people:read:guardians, and audits the refusal', async () => {
    const { status, body, text } = await guardians<{ error: { code: string; details: { scope: string } } }>(
      'basicA',
      person.liMing!,
    );
    expect(status).toBe(403);
    expect(body.error).toMatchObject({
      code: 'scope_not_declared',
      details: { scope: 'people:read:guardians' },
    });
    expect(text).not.toContain('李强');
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        action: 'app.capability.people.guardiansOf',
        targetId: install.basicA,
        result: 'denied',
      }),
    );
  });

  it('refuses an app whose admin did not approve people:read:guardians, and audits the refusal', async () => {
    const { status, body } = await guardians<{ error: { code: string } }>('declinedA', person.liMing!);
    expect(status).toBe(403);
    expect(body.error.code).toBe('scope_not_approved');
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        action: 'app.capability.people.guardiansOf',
        targetId: install.declinedA,
        result: 'denied',
        details: expect.objectContaining({ code: 'scope_not_approved' }),
      }),
    );
  });
});
