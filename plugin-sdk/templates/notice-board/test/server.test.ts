import { createFakeHost, type FakeHostOptions } from '@campusbase/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import manifest from '../campusbase.app.json' with { type: 'json' };
import app from '../src/server.ts';

const teacher = { id: 'p-teacher', name: '李老师', kind: 'teacher', isAdmin: false } as const;
const student = { id: 'p-student', name: '张小明', kind: 'student', isAdmin: false } as const;

function host(options: Partial<FakeHostOptions> = {}) {
  return createFakeHost({
    manifest,
    app,
    user: teacher,
    orgUnits: [
      { id: 'grade-3', parentId: null, kind: 'grade', name: '三年级', code: null },
      { id: 'class-3-2', parentId: 'grade-3', kind: 'class', name: '三年级二班', code: '0302' },
    ],
    people: [
      { id: 'p-student', name: '张小明', kind: 'student', orgUnitIds: ['class-3-2'] },
      { id: 'p-guardian', name: '张爸爸', kind: 'guardian', orgUnitIds: ['class-3-2'] },
    ],
    ...options,
  });
}

describe('notice board', () => {
  it('lists the classes of the school', async () => {
    const response = await host().request('GET', '/classes');
    expect(response.body).toEqual([{ id: 'class-3-2', name: '三年级二班' }]);
  });

  it('posts a notice, stores it and notifies the class', async () => {
    const board = host();
    const posted = await board.request('POST', '/notices', {
      body: { classId: 'class-3-2', title: '明天春游', body: '请带好水杯' },
    });
    expect(posted.status).toBe(201);
    expect(board.documents('notices')).toHaveLength(1);
    expect(board.records.messages[0]?.recipientCount).toBe(2);

    const listed = await board.request('GET', '/notices?classId=class-3-2', { user: student });
    expect(listed.body).toMatchObject({
      items: [{ title: '明天春游', authorName: '李老师' }],
      nextCursor: null,
    });
  });

  it('still posts, without a message, when the admin did not approve messages:send', async () => {
    const board = host({ approvedScopes: ['org:read'] });
    const posted = await board.request('POST', '/notices', {
      body: { classId: 'class-3-2', title: '停课通知' },
    });
    expect(posted.status).toBe(201);
    expect(board.records.messages).toHaveLength(0);
  });

  it('refuses students and rejects a missing title', async () => {
    const board = host();
    const asStudent = await board.request('POST', '/notices', {
      user: student,
      body: { classId: 'class-3-2', title: 'x' },
    });
    expect(asStudent.status).toBe(403);
    const untitled = await board.request('POST', '/notices', { body: { classId: 'class-3-2', title: ' ' } });
    expect(untitled).toMatchObject({ status: 400, body: { error: { details: { field: 'title' } } } });
  });

  it('caps pinned notices per class with the school setting', async () => {
    const board = host({ settings: { maxPinned: 1 } });
    const pin = { classId: 'class-3-2', title: '置顶', pinned: true };
    expect((await board.request('POST', '/notices', { body: pin })).status).toBe(201);
    expect((await board.request('POST', '/notices', { body: pin })).status).toBe(409);
  });

  it('lets only the author delete a notice', async () => {
    const board = host();
    const posted = await board.request('POST', '/notices', { body: { classId: 'class-3-2', title: '作业' } });
    const id = (posted.body as { id: string }).id;
    const other = { ...teacher, id: 'p-other' };
    expect((await board.request('DELETE', `/notices/${id}`, { user: other })).status).toBe(403);
    expect((await board.request('DELETE', `/notices/${id}`)).status).toBe(204);
    expect(board.documents('notices')).toHaveLength(0);
  });

  it('cannot read people: the manifest does not ask for people:read:basic', async () => {
    const outcome = await host().hostCall('people.list', {});
    expect(outcome).toMatchObject({ ok: false, error: { status: 403, code: 'scope_not_declared' } });
  });

  it('logs on install', async () => {
    const board = host();
    await board.install();
    expect(board.records.logs.map((entry) => entry.message)).toContain('notice board installed');
  });
});
