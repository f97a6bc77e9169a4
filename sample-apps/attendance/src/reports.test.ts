import { describe, expect, it } from 'vitest';
import { schoolWithRoster, swipe } from './fixtures.ts';

describe('reports', () => {
  it('counts a day per class and lists who was not present', async () => {
    const host = await schoolWithRoster({ settings: { lateAfter: '08:00' } });
    await host.deliver('iot:gate.swipe', [
      swipe('2025030201', '2026-11-22T23:32:00Z'),
      swipe('2025030202', '2026-11-23T00:10:00Z'),
      swipe('2025030101', '2026-11-22T23:50:00Z'),
    ]);
    const report = await host.request('GET', '/reports/daily?date=2026-11-23');
    expect(report.body).toMatchObject({
      total: { enrolled: 4, present: 2, late: 1, absent: 1, leave: 0 },
      classes: [
        { className: '三年级(1)班', enrolled: 1, present: 1 },
        { className: '三年级(2)班', enrolled: 3, present: 1, late: 1, absent: 1 },
      ],
      exceptions: [
        { studentName: '李小红', status: 'late' },
        { studentName: '王小刚', status: 'absent' },
      ],
    });
    const one = await host.request('GET', '/reports/daily?date=2026-11-23&classId=c-301');
    expect(one.body).toMatchObject({ total: { enrolled: 1, present: 1 } });
  });

  it('sums a past week over school days, with the rate counted without students on leave', async () => {
    const host = await schoolWithRoster();
    const leave = await host.request('POST', '/leaves', {
      body: { studentId: 's-hong', from: '2025-11-17', to: '2025-11-21', kind: 'sick', reason: '住院' },
    });
    await host.request('POST', `/leaves/${(leave.body as { id: string }).id}/decision`, {
      body: { approve: true },
    });
    // Every school day of 17–21 Nov 2025 (a past week, so no day is cut off as in the future): 张小明 and 陈芳 arrive on time, 王小刚 never comes.
    for (const day of ['17', '18', '19', '20', '21']) {
      await host.deliver('iot:gate.swipe', [
        swipe('2025030201', `2025-11-${day}T07:30:00+08:00`),
        swipe('2025030101', `2025-11-${day}T07:45:00+08:00`),
      ]);
    }
    const report = await host.request('GET', '/reports/weekly?week=2025-11-19');
    expect(report.body).toMatchObject({ from: '2025-11-17', to: '2025-11-23', enrolled: 4 });
    const { days, students } = report.body as {
      days: Array<{ date: string; present: number; leave: number; absent: number; rate: number }>;
      students: Array<{ studentName: string; absent: number; leave: number }>;
    };
    expect(days.map((day) => day.date)).toEqual([
      '2025-11-17',
      '2025-11-18',
      '2025-11-19',
      '2025-11-20',
      '2025-11-21',
    ]);
    expect(days[0]).toMatchObject({ present: 2, leave: 1, absent: 1, rate: 66.7 });
    expect(students).toMatchObject([
      { studentName: '王小刚', absent: 5 },
      { studentName: '李小红', leave: 5, absent: 0 },
    ]);
  });

  it('is for teachers only', async () => {
    const host = await schoolWithRoster();
    const asParent = await host.request('GET', '/reports/daily', {
      user: { id: 'g-zhang', name: '张爸爸', kind: 'guardian', isAdmin: false },
    });
    expect(asParent.status).toBe(403);
  });
});
