import { describe, expect, it } from 'vitest';
import { parent, schoolWithRoster, teacher } from './fixtures.ts';

const request = {
  studentId: 's-ming',
  from: '2026-11-24',
  to: '2026-11-25',
  kind: 'personal',
  reason: '回老家参加婚礼',
};

describe('leave requests', () => {
  it('lets a parent ask for their own child and tells the class teachers', async () => {
    const host = await schoolWithRoster();
    const created = await host.request('POST', '/leaves', { user: parent, body: request });
    expect(created).toMatchObject({
      status: 201,
      body: { status: 'pending', studentName: '张小明', requestedByName: '张爸爸' },
    });
    expect(host.records.messages).toMatchObject([
      {
        audience: { type: 'orgUnit', orgUnitId: 'c-302', kinds: ['teacher'] },
        message: { title: '请假申请：张小明' },
      },
    ]);
  });

  it("refuses a parent asking for someone else's child, and a backwards date range", async () => {
    const host = await schoolWithRoster();
    const other = await host.request('POST', '/leaves', {
      user: parent,
      body: { ...request, studentId: 's-hong' },
    });
    expect(other.status).toBe(403);
    const backwards = await host.request('POST', '/leaves', {
      user: parent,
      body: { ...request, to: '2026-11-20' },
    });
    expect(backwards).toMatchObject({ status: 400, body: { error: { details: { field: 'to' } } } });
    expect(host.documents('leaves')).toHaveLength(0);
  });

  it('is approved once by a teacher, who tells the parent; parents cannot decide', async () => {
    const host = await schoolWithRoster();
    const id = (
      (await host.request('POST', '/leaves', { user: parent, body: request })).body as { id: string }
    ).id;
    expect(
      (await host.request('POST', `/leaves/${id}/decision`, { user: parent, body: { approve: true } }))
        .status,
    ).toBe(403);
    const decided = await host.request('POST', `/leaves/${id}/decision`, {
      body: { approve: true, comment: '注意安全' },
    });
    expect(decided.body).toMatchObject({ status: 'approved', decidedBy: teacher.id });
    expect(host.records.messages.at(-1)).toMatchObject({
      audience: { personIds: ['g-zhang'] },
      message: { title: '张小明的请假已批准' },
    });
    expect((await host.request('POST', `/leaves/${id}/decision`, { body: { approve: false } })).status).toBe(
      409,
    );
  });

  it("shows a parent only their own requests, and teachers everyone's", async () => {
    const host = await schoolWithRoster();
    await host.request('POST', '/leaves', { user: parent, body: request });
    await host.request('POST', '/leaves', { body: { ...request, studentId: 's-fang' } });
    expect((await host.request('GET', '/leaves', { user: parent })).body).toHaveLength(1);
    expect((await host.request('GET', '/leaves?status=pending')).body).toHaveLength(2);
  });
});
