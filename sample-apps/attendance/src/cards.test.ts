import { describe, expect, it } from 'vitest';
import { admin, parent, school, schoolWithRoster } from './fixtures.ts';

describe('card roster', () => {
  it('fills names and classes from the platform when only card and student are given', async () => {
    const host = school();
    const imported = await host.request('PUT', '/cards', {
      user: admin,
      body: { rows: [{ cardNo: '2025030201', studentId: 's-ming', guardianIds: ['g-zhang'] }] },
    });
    expect(imported.body).toEqual({ imported: 1, created: 1, updated: 0 });
    expect(host.documents('cards')[0]?.data).toEqual({
      cardNo: '2025030201',
      studentId: 's-ming',
      studentName: '张小明',
      classId: 'c-302',
      className: '三年级(2)班',
      guardianIds: ['g-zhang'],
    });
  });

  it('imports nothing when a row is wrong, and says which row', async () => {
    const host = school({ approvedScopes: [] });
    const response = await host.request('PUT', '/cards', {
      user: admin,
      body: {
        rows: [
          { cardNo: '2025030201', studentId: 's-ming', studentName: '张小明', classId: 'c-302' },
          { cardNo: 'x', studentId: 's-hong' },
          { cardNo: '2025030203', studentId: 's-gang' },
        ],
      },
    });
    expect(response.status).toBe(400);
    const errors = (response.body as { error: { details: { errors: string[] } } }).error.details.errors;
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('第 2 行');
    expect(errors[1]).toContain('未批准读取师生信息');
    expect(host.documents('cards')).toHaveLength(0);
  });

  it('refuses a typed row for a student the platform does not have (一数一源), and imports nothing', async () => {
    const host = school();
    const response = await host.request('PUT', '/cards', {
      user: admin,
      body: {
        rows: [
          { cardNo: '2025030201', studentId: 's-ming' },
          {
            cardNo: '2025039901',
            studentId: 's-made-up',
            studentName: '测试学生',
            classId: 'c-302',
            className: '三年级(2)班',
          },
        ],
      },
    });
    expect(response.status).toBe(400);
    const errors = (response.body as { error: { details: { errors: string[] } } }).error.details.errors;
    expect(errors).toEqual(['第 2 行（2025039901）：平台中没有这名在读学生']);
    expect(host.documents('cards')).toHaveLength(0);
  });

  it('updates by card number, lists classes and a parent’s children, and is for admins only', async () => {
    const host = await schoolWithRoster();
    const again = await host.request('PUT', '/cards', {
      user: admin,
      body: {
        rows: [
          {
            cardNo: '2025030201',
            studentId: 's-ming',
            studentName: '张小明',
            classId: 'c-302',
            className: '三年级(2)班',
            guardianIds: ['g-zhang', 'g-zhang-mum'],
          },
        ],
      },
    });
    expect(again.body).toMatchObject({ created: 0, updated: 1 });
    expect(host.documents('cards')).toHaveLength(4);
    expect((await host.request('GET', '/classes')).body).toEqual([
      { id: 'c-301', name: '三年级(1)班' },
      { id: 'c-302', name: '三年级(2)班' },
    ]);
    expect((await host.request('GET', '/children', { user: parent })).body).toEqual([
      { studentId: 's-ming', studentName: '张小明', className: '三年级(2)班' },
    ]);
    expect((await host.request('GET', '/cards')).status).toBe(403);
    expect((await host.request('DELETE', '/cards/2025030203', { user: admin })).status).toBe(204);
    expect(host.documents('cards')).toHaveLength(3);
  });
});
