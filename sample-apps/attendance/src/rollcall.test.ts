import { describe, expect, it } from 'vitest';
import { parent, schoolWithRoster, student, swipe } from './fixtures.ts';

async function withLeaveAndArrival() {
  const host = await schoolWithRoster();
  await host.deliver('iot:gate.swipe', [swipe('2025030201', '2026-11-22T23:32:00Z')]);
  const leave = await host.request('POST', '/leaves', {
    body: { studentId: 's-hong', from: '2026-11-23', to: '2026-11-24', kind: 'sick', reason: '发烧' },
  });
  await host.request('POST', `/leaves/${(leave.body as { id: string }).id}/decision`, {
    body: { approve: true },
  });
  return host;
}

describe('roll call', () => {
  it('suggests present from the gate, leave from approved requests and absent otherwise', async () => {
    const host = await withLeaveAndArrival();
    const sheet = await host.request('GET', '/rollcall?classId=c-302&date=2026-11-23&lesson=2');
    expect(sheet.status).toBe(200);
    expect(sheet.body).toMatchObject({
      saved: null,
      entries: [
        { studentName: '李小红', status: 'leave' },
        { studentName: '王小刚', status: 'absent' },
        { studentName: '张小明', status: 'present', arrivedAt: '2026-11-22T23:32:00.000Z' },
      ],
    });
  });

  it('saves a lesson, queues an absence notice once, and shows the saved sheet', async () => {
    const host = await withLeaveAndArrival();
    const entries = [
      { studentId: 's-ming', status: 'present' },
      { studentId: 's-hong', status: 'leave' },
      { studentId: 's-gang', status: 'absent' },
    ];
    const saved = await host.request('POST', '/rollcall', {
      body: { classId: 'c-302', date: '2026-11-23', lesson: 2, entries },
    });
    expect(saved.body).toEqual({ key: 'c-302:2026-11-23:2', present: 1, late: 0, leave: 1, absent: 1 });
    await host.request('POST', '/rollcall', {
      body: { classId: 'c-302', date: '2026-11-23', lesson: 3, entries },
    });
    expect(host.documents('rollcalls')).toHaveLength(2);
    // 王小刚 has no guardians on file: the notice is kept, and marked skipped when it is due.
    await host.runJob('notify');
    expect(
      host
        .documents('outbox')
        .filter((doc) => doc.data.kind === 'absence')
        .map((doc) => doc.data),
    ).toMatchObject([{ studentId: 's-gang', status: 'skipped', error: 'no_guardians' }]);
    const sheet = await host.request('GET', '/rollcall?classId=c-302&date=2026-11-23&lesson=2');
    expect(sheet.body).toMatchObject({ saved: { takenByName: '李老师' } });
  });

  it('refuses students and parents, strangers in the list and unknown statuses', async () => {
    const host = await withLeaveAndArrival();
    const body = {
      classId: 'c-302',
      date: '2026-11-23',
      lesson: 1,
      entries: [{ studentId: 's-ming', status: 'present' }],
    };
    expect((await host.request('POST', '/rollcall', { body, user: student })).status).toBe(403);
    expect((await host.request('GET', '/rollcall?classId=c-302', { user: parent })).status).toBe(403);
    const stranger = await host.request('POST', '/rollcall', {
      body: { ...body, entries: [{ studentId: 's-fang', status: 'present' }] },
    });
    expect(stranger).toMatchObject({
      status: 400,
      body: { error: { details: { field: 'entries[0].studentId' } } },
    });
    const odd = await host.request('POST', '/rollcall', {
      body: { ...body, entries: [{ studentId: 's-ming', status: 'asleep' }] },
    });
    expect(odd.status).toBe(400);
    expect((await host.request('POST', '/rollcall', { body: { ...body, lesson: 13 } })).status).toBe(400);
  });
});
