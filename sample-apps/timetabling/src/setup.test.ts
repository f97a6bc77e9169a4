import { describe, expect, it } from 'vitest';
import { idOf, school, solveAll } from './fixtures.ts';

/** Classes and teachers from the platform, subjects and hours typed in, as a school would. */
async function importedSchool(options: Parameters<typeof school>[0] = {}) {
  const host = school(options);
  expect((await host.request('POST', '/import')).body).toEqual({ classes: 2, teachers: 3 });
  const setup = (await host.request('GET', '/setup')).body as {
    classes: Array<{ id: string; name: string }>;
    teachers: Array<{ id: string; name: string }>;
  };
  const [c1, c2] = setup.classes;
  const [wang, li, zhao] = setup.teachers;
  for (const [code, name] of [
    ['chinese', '语文'],
    ['math', '数学'],
    ['pe', '体育'],
  ] as const) {
    expect((await host.request('POST', '/setup/subjects', { body: { code, name } })).status).toBe(201);
  }
  const gym = idOf(await host.request('POST', '/setup/rooms', { body: { name: '操场', kind: 'gym' } }));
  const hours = [
    [c1, 'chinese', wang, 6, null],
    [c2, 'chinese', wang, 6, null],
    [c1, 'math', li, 6, null],
    [c2, 'math', li, 6, null],
    [c1, 'pe', zhao, 3, gym],
    [c2, 'pe', zhao, 3, gym],
  ] as const;
  for (const [cls, subjectCode, teacher, count, roomId] of hours) {
    const body = { classId: cls!.id, subjectCode, teacherId: teacher!.id, hours: count, roomId };
    expect((await host.request('POST', '/setup/requirements', { body })).status).toBe(201);
  }
  return { host, setup };
}

describe('setup and publishing', () => {
  it('imports classes with home rooms and teachers once, skipping them the second time', async () => {
    const { host } = await importedSchool();
    expect((await host.request('POST', '/import')).body).toEqual({ classes: 0, teachers: 0 });
    expect(host.documents('rooms')).toHaveLength(3);
  });

  it('validates records with the collection schema', async () => {
    const host = school();
    const bad = await host.request('POST', '/setup/requirements', {
      body: { classId: 'x', subjectCode: 'math', teacherId: 'y', hours: 0, roomId: null },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_document' } } });
    expect((await host.request('POST', '/setup/students', { body: {} })).status).toBe(400);
  });

  it('reports dangling references before solving', async () => {
    const host = school();
    await host.request('POST', '/setup/requirements', {
      body: { classId: 'gone', subjectCode: 'math', teacherId: 'gone', hours: 2, roomId: null },
    });
    const created = await host.request('POST', '/timetables', { body: { name: 'x' } });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toContain('不存在');
  });

  it('publishes to the board in each class, and only when the admin allowed device commands', async () => {
    const { host } = await importedSchool();
    const id = idOf(await host.request('POST', '/timetables', { body: { name: '秋季' } }));
    await solveAll(host, id);
    const published = await host.request('POST', `/timetables/${id}/publish`);
    expect(published.body).toMatchObject({
      status: 'published',
      boards: ['七年级(1)班'],
      withoutBoard: ['七年级(2)班'],
    });
    expect(host.records.commands).toMatchObject([
      {
        deviceId: 'board-701',
        command: 'timetable.show',
        params: { className: '七年级(1)班', days: 5, periods: 7 },
      },
    ]);
    const lessons = (host.records.commands[0]?.params['lessons'] ?? []) as Array<{ subject: string }>;
    expect(lessons).toHaveLength(15);
    expect((await host.request('POST', `/timetables/${id}/solve`)).status).toBe(409);

    const { host: quiet } = await importedSchool({ approvedScopes: ['org:read', 'people:read:basic'] });
    const other = idOf(await quiet.request('POST', '/timetables', { body: { name: '秋季' } }));
    await solveAll(quiet, other);
    expect((await quiet.request('POST', `/timetables/${other}/publish`)).body).toMatchObject({
      status: 'published',
      boards: [],
    });
    expect(quiet.records.commands).toHaveLength(0);
  });

  it('will not publish an unfinished timetable', async () => {
    const { host } = await importedSchool();
    const id = idOf(await host.request('POST', '/timetables', { body: { name: '秋季' } }));
    expect((await host.request('POST', `/timetables/${id}/publish`)).status).toBe(409);
    expect(host.records.commands).toHaveLength(0);
  });
});
