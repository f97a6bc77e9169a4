import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformMaintenanceJobs, runExclusive } from '../maintenance/index.ts';
import { insertUnit } from '../org/org.repository.ts';
import type { TestDatabase } from '../../../test/harness.ts';
import { appDirectoryPort } from './directory.ts';
import { type AppsHarness, startAppsHarness } from './testing/harness.ts';
import { registerTestApp, testManifest } from './testing/fixtures.ts';
import { noticeManifest, noticeSource } from './testing/notice-app.ts';

/** An app that hands the directory capabilities straight to its routes; `q` is the query as JSON. */
const directorySource = `
import { defineApp, NotFoundError } from '@campusbase/plugin-sdk';
const query = (request) => (request.query.q ? JSON.parse(request.query.q) : {});
export default defineApp({
  routes: {
    'GET /people': async (request, { people }) => people.list(query(request)),
    'GET /people/:id': async (request, { people }) => {
      const person = await people.get(request.param('id'), request.query.include ? { include: ['contact'] } : {});
      if (!person) throw new NotFoundError({ zh: '本校没有此人', en: 'No such person in this school' });
      return person;
    },
    'GET /org': async (request, { org }) => ({ items: await org.list(query(request)) }),
    'GET /org/:id': async (request, { org }) => {
      const unit = await org.get(request.param('id'));
      if (!unit) throw new NotFoundError({ zh: '本校没有此单元', en: 'No such unit in this school' });
      return unit;
    },
  },
});
`;
const directoryRoutes = ['/people', '/people/:id', '/org', '/org/:id'].map((path) => ({
  method: 'GET',
  path,
}));

let db: TestDatabase;
let harness: AppsHarness;
let audit: AppsHarness['audit'];
let schoolA: string;
let schoolB: string;
/** Installation ids: `roster` holds people:read:basic only; `contacts` also contact and org:read. */
const install: Record<'rosterA' | 'contactsA' | 'contactsB', string> = {
  rosterA: '',
  contactsA: '',
  contactsB: '',
};
const unit: Record<string, string> = {};
const person: Record<string, string> = {};

function request(tenantId: string, method: string, path: string, body?: unknown, admin = false) {
  return harness.request(tenantId, method, path, body, { admin });
}

async function call<T>(installation: keyof typeof install, path: string, q?: unknown) {
  const tenant = installation === 'contactsB' ? schoolB : schoolA;
  const query =
    q === undefined ? '' : `${path.includes('?') ? '&' : '?'}q=${encodeURIComponent(JSON.stringify(q))}`;
  const response = await request(tenant, 'GET', `/apps/${install[installation]}/api${path}${query}`);
  return { status: response.status, text: await response.clone().text(), body: (await response.json()) as T };
}

async function installApp(tenantId: string, appId: string, approvedScopes: string[]): Promise<string> {
  const response = await request(
    tenantId,
    'POST',
    '/api/v1/apps/installations',
    { appId, approvedScopes },
    true,
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function seedSchool(tenantId: string, prefix: string) {
  await db.owner.transaction().execute(async (trx) => {
    const grade = await insertUnit(trx, tenantId, {
      parentId: null,
      kind: 'grade',
      name: '七年级',
      code: 'G7',
    });
    const class2 = await insertUnit(trx, tenantId, { parentId: grade.id, kind: 'class', name: '七(2)班' });
    const class3 = await insertUnit(trx, tenantId, { parentId: grade.id, kind: 'class', name: '七(3)班' });
    const office = await insertUnit(trx, tenantId, { parentId: null, kind: 'department', name: '教务处' });
    const maths = await insertUnit(trx, tenantId, {
      parentId: office.id,
      kind: 'teaching_research_group',
      name: '数学组',
    });
    const archived = await insertUnit(trx, tenantId, { parentId: null, kind: 'campus', name: '老校区' });
    await trx
      .updateTable('org_units')
      .set({ archived_at: new Date() })
      .where('id', '=', archived.id)
      .execute();
    Object.assign(unit, {
      [`${prefix}grade`]: grade.id,
      [`${prefix}class2`]: class2.id,
      [`${prefix}class3`]: class3.id,
      [`${prefix}office`]: office.id,
      [`${prefix}maths`]: maths.id,
      [`${prefix}archived`]: archived.id,
    });
  });
}

async function addPerson(
  tenantId: string,
  key: string,
  name: string,
  memberships: Array<{ role: 'student' | 'teacher' | 'staff' | 'parent'; unit: string | null }>,
  contact: { phone?: string; email?: string } = {},
) {
  const row = await db.owner
    .insertInto('persons')
    .values({
      display_name: name,
      phone: contact.phone ?? null,
      email: contact.email ?? null,
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0c2FsdA$SECRETHASHSECRETHASH',
      national_id_hash: `nid-hash-${key}`,
      national_id_masked: '4501**********1234',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  person[key] = row.id;
  for (const membership of memberships) {
    await db.owner
      .insertInto('memberships')
      .values({ tenant_id: tenantId, person_id: row.id, org_unit_id: membership.unit, role: membership.role })
      .execute();
  }
}

beforeAll(async () => {
  harness = await startAppsHarness(
    { workers: 1 },
    { ports: (db) => ({ directory: appDirectoryPort(db.app) }), jobs: false },
  );
  ({ db, audit } = harness);
  [schoolA, schoolB] = harness.schools as [string, string];
  // The harness mounts the test-only install route: the product installs only through the
  // marketplace, which records consent, and the directory capabilities are under test here.

  await seedSchool(schoolA, 'a.');
  await seedSchool(schoolB, 'b.');
  await addPerson(schoolA, 'liMing', '李明', [{ role: 'student', unit: unit['a.class2']! }], {
    phone: '13800000001',
    email: 'liming@example.cn',
  });
  await addPerson(schoolA, 'liHong', '李红', [{ role: 'student', unit: unit['a.class3']! }]);
  await addPerson(schoolA, 'wangFang', '王芳', [{ role: 'teacher', unit: unit['a.maths']! }], {
    phone: '13800000002',
  });
  // 李强 is the parent of 李明 (七(2)班) and 李红 (七(3)班); his own membership names one class only.
  await addPerson(schoolA, 'liQiang', '李强', [{ role: 'parent', unit: unit['a.class2']! }], {
    phone: '13800000003',
  });
  for (const child of ['liMing', 'liHong']) {
    await db.owner
      .insertInto('guardianships')
      .values({
        tenant_id: schoolA,
        guardian_person_id: person.liQiang!,
        student_person_id: person[child]!,
        relation: 'father',
      })
      .execute();
  }
  for (let i = 1; i <= 7; i++) {
    await addPerson(schoolA, `class3-${i}`, `七三学生${i}`, [{ role: 'student', unit: unit['a.class3']! }]);
  }
  await addPerson(schoolA, 'left', '转学生', [{ role: 'student', unit: unit['a.class2']! }]);
  await db.owner
    .updateTable('memberships')
    .set({ status: 'inactive' })
    .where('person_id', '=', person.left!)
    .execute();
  await addPerson(schoolB, 'zhaoLei', '赵磊', [{ role: 'student', unit: unit['b.class2']! }], {
    phone: '13900000009',
  });

  const manifest = (id: string, permissions: string[]) =>
    testManifest({ id, name: { zh: id, en: id }, permissions, routes: directoryRoutes });
  await registerTestApp(db.owner, manifest('cn.test.roster', ['people:read:basic']), directorySource);
  await registerTestApp(
    db.owner,
    manifest('cn.test.contacts', ['people:read:basic', 'people:read:contact', 'org:read']),
    directorySource,
  );
  install.rosterA = await installApp(schoolA, 'cn.test.roster', ['people:read:basic']);
  const all = ['people:read:basic', 'people:read:contact', 'org:read'];
  install.contactsA = await installApp(schoolA, 'cn.test.contacts', all);
  install.contactsB = await installApp(schoolB, 'cn.test.contacts', all);
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe('the people capability', () => {
  it('gives an app with people:read:basic a student of its school, without phone or secrets', async () => {
    const { status, body, text } = await call('rosterA', `/people/${person.liMing}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      id: person.liMing,
      name: '李明',
      kind: 'student',
      orgUnitIds: [unit['a.class2']],
    });
    expect(text).not.toContain('13800000001');
    expect(text).not.toContain('liming@example.cn');
    expect(text).not.toContain('nid-hash');
    expect(text).not.toContain('argon2');
  });

  it('refuses contact fields to an app without people:read:contact, and audits the refusal', async () => {
    const { status, body, text } = await call<{ error: { code: string } }>(
      'rosterA',
      `/people/${person.liMing}?include=contact`,
    );
    expect(status).toBe(403);
    expect(body.error.code).toBe('scope_not_declared');
    expect(text).not.toContain('13800000001');
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        action: 'app.capability.people.get',
        targetId: install.rosterA,
        result: 'denied',
      }),
    );
  });

  it('gives the phone and e-mail to an app with people:read:contact, and audits the read', async () => {
    const { status, body, text } = await call('contactsA', `/people/${person.liMing}?include=contact`);
    expect(status).toBe(200);
    expect(body).toEqual({
      id: person.liMing,
      name: '李明',
      kind: 'student',
      orgUnitIds: [unit['a.class2']],
      contact: { phone: '13800000001', email: 'liming@example.cn' },
    });
    expect(text).not.toContain('nid-hash');
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        action: 'app.capability.people.get',
        targetId: install.contactsA,
        result: 'success',
        details: expect.objectContaining({ id: person.liMing, include: ['contact'] }),
      }),
    );
    // Without asking, even this app gets basic fields only.
    expect((await call('contactsA', `/people/${person.liMing}`)).body).not.toHaveProperty('contact');
  });

  it('does not let an app in school B read a person or unit of school A, even by id', async () => {
    expect((await call('contactsB', `/people/${person.liMing}?include=contact`)).status).toBe(404);
    expect((await call('contactsB', `/org/${unit['a.class2']}`)).status).toBe(404);
    const listed = await call<{ items: unknown[] }>('contactsB', '/people', {
      orgUnitId: unit['a.class2'],
      include: ['contact'],
    });
    expect(listed.body).toEqual({ items: [], nextCursor: null });
    // …while its own student is there, and a school A app cannot see school B's student either.
    expect((await call('contactsB', `/people/${person.zhaoLei}`)).status).toBe(200);
    expect((await call('contactsA', `/people/${person.zhaoLei}`)).status).toBe(404);
    expect((await call('contactsA', '/people/not-a-uuid')).status).toBe(404);
  });

  it('pages through a class with the nextCursor, each person once', async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const { body } = await call<{ items: Array<{ id: string; kind: string }>; nextCursor: string | null }>(
        'contactsA',
        '/people',
        { orgUnitId: unit['a.class3'], kind: 'student', limit: 3, ...(cursor ? { cursor } : {}) },
      );
      expect(body.items.length).toBeLessThanOrEqual(3);
      expect(body.items.every((item) => item.kind === 'student')).toBe(true);
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    const expected = [person.liHong, ...Array.from({ length: 7 }, (_, i) => person[`class3-${i + 1}`])];
    expect(seen.toSorted()).toEqual(expected.toSorted());
  });

  it('filters by subtree, kind and name, and finds a parent in the class of each child', async () => {
    const ids = async (q: Record<string, unknown>) =>
      (await call<{ items: Array<{ id: string }> }>('contactsA', '/people', q)).body.items.map((p) => p.id);
    const grade = await ids({
      orgUnitId: unit['a.grade'],
      includeDescendants: true,
      kind: 'student',
      limit: 500,
    });
    expect(grade).toHaveLength(9);
    expect(grade).toContain(person.liMing);
    expect(grade).not.toContain(person.left);
    expect(await ids({ orgUnitId: unit['a.grade'] })).toEqual([]);
    expect(await ids({ search: '王' })).toEqual([person.wangFang]);
    const parents = await call<{ items: Array<{ id: string; kind: string; orgUnitIds: string[] }> }>(
      'contactsA',
      '/people',
      { orgUnitId: unit['a.class3'], kind: 'guardian' },
    );
    expect(parents.body.items).toEqual([
      {
        id: person.liQiang,
        name: '李强',
        kind: 'guardian',
        orgUnitIds: [unit['a.class2'], unit['a.class3']].toSorted(),
      },
    ]);
    const bad = await call<{ error: { code: string } }>('contactsA', '/people', { cursor: 'x' });
    expect(bad.body.error.code).toBe('invalid_cursor');
  });
});

describe('the org capability', () => {
  it('refuses an app without org:read and audits the refusal', async () => {
    const { status, body } = await call<{ error: { code: string } }>('rosterA', '/org');
    expect(status).toBe(403);
    expect(body.error.code).toBe('scope_not_declared');
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        action: 'app.capability.org.list',
        targetId: install.rosterA,
        result: 'denied',
      }),
    );
  });

  it('lists the whole tree, top units, children and kinds, without archived units', async () => {
    type Units = { items: Array<{ id: string; name: string; kind: string; parentId: string | null }> };
    const names = async (q?: unknown) =>
      (await call<Units>('contactsA', '/org', q)).body.items.map((u) => u.name);
    expect((await names()).toSorted()).toEqual(
      ['七(2)班', '七(3)班', '七年级', '数学组', '教务处'].toSorted(),
    );
    expect((await names({ parentId: null })).toSorted()).toEqual(['七年级', '教务处'].toSorted());
    expect(await names({ parentId: unit['a.grade'], kind: 'class' })).toEqual(['七(2)班', '七(3)班']);
    expect(await names({ kind: 'group' })).toEqual(['数学组']);
    expect(await names({ kind: 'school' })).toEqual([]);
    expect(await names({ parentId: unit['b.grade'] })).toEqual([]);
    const grade = await call('contactsA', `/org/${unit['a.grade']}`);
    expect(grade.body).toEqual({
      id: unit['a.grade'],
      parentId: null,
      kind: 'grade',
      name: '七年级',
      code: 'G7',
    });
    expect((await call('contactsA', `/org/${unit['a.archived']}`)).status).toBe(404);
  });
});

describe('the daily purge of uninstalled apps', () => {
  it('deletes the data of apps uninstalled more than 30 days ago, and nothing within the grace period', async () => {
    const job = platformMaintenanceJobs({ auditRetentionDays: 180, owner: db.owner }).find(
      (candidate) => candidate.name === 'apps-uninstalled-purge',
    );
    expect(job?.schedule).toMatch(/^\d+ \d+ \* \* \*$/);
    await registerTestApp(db.owner, testManifest(noticeManifest), noticeSource);
    const noticesA = await installApp(schoolA, 'cn.test.notices', []);
    const noticesB = await installApp(schoolB, 'cn.test.notices', []);
    for (const [tenant, id] of [
      [schoolA, noticesA],
      [schoolB, noticesB],
    ] as const) {
      const posted = await request(tenant, 'POST', `/apps/${id}/api/notices`, {
        title: '留存',
        classId: '7-2',
      });
      expect(posted.status).toBe(200);
      expect(
        (await request(tenant, 'DELETE', `/api/v1/apps/installations/${id}`, undefined, true)).status,
      ).toBe(200);
    }
    await db.owner
      .updateTable('app_installations')
      .set({ uninstalled_at: new Date(Date.now() - 31 * 86_400_000) })
      .where('id', '=', noticesA)
      .execute();

    const outcome = await runExclusive(db.owner, job!.name, job!.run);
    expect(outcome).toEqual({ ran: true, result: { installations: 1, documents: 1 } });
    const left = await db.owner.selectFrom('app_documents').select('installation_id').execute();
    expect(left.map((row) => row.installation_id)).toEqual([noticesB]);
    const purged = await db.owner
      .selectFrom('app_installations')
      .select(['id', 'purged_at'])
      .where('id', 'in', [noticesA, noticesB])
      .execute();
    expect(Object.fromEntries(purged.map((row) => [row.id, row.purged_at !== null]))).toEqual({
      [noticesA]: true,
      [noticesB]: false,
    });
  });
});
