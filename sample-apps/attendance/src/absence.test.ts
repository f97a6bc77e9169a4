import { describe, expect, it } from 'vitest';
import { schoolWithRoster, swipe } from './fixtures.ts';

// Monday 23 Nov 2026, 08:30 on the campus clock.
const mondayAlert = () => new Date('2026-11-23T00:30:00Z');

describe('the 08:30 absence check', () => {
  it('records absent and on-leave students, queues parent notices and tells each class once', async () => {
    const host = await schoolWithRoster({ now: mondayAlert });
    await host.deliver('iot:gate.swipe', [swipe('2025030201', '2026-11-22T23:32:00Z')]);
    const leave = await host.request('POST', '/leaves', {
      body: { studentId: 's-fang', from: '2026-11-23', to: '2026-11-23', kind: 'sick', reason: '感冒' },
    });
    await host.request('POST', `/leaves/${(leave.body as { id: string }).id}/decision`, {
      body: { approve: true },
    });
    const before = host.records.messages.length;

    await host.runJob('absence-check');
    const status = Object.fromEntries(
      host.documents('presence').map((doc) => [doc.data.studentName, doc.data.status]),
    );
    expect(status).toEqual({ 张小明: 'present', 李小红: 'absent', 王小刚: 'absent', 陈芳: 'leave' });
    expect(
      host
        .documents('outbox')
        .filter((doc) => doc.data.kind === 'absence')
        .map((doc) => [doc.data.studentId, doc.data.status]),
    ).toEqual([
      ['s-hong', 'pending'],
      ['s-gang', 'pending'],
    ]);
    const alerts = host.records.messages.slice(before);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      audience: { type: 'orgUnit', orgUnitId: 'c-302', kinds: ['teacher'] },
      message: { title: '三年级(2)班：2 名学生未到校', priority: 'high' },
    });
    expect(alerts[0]?.message.body).toContain('李小红、王小刚');
  });

  it('changes nothing when run twice, and a late arrival turns absent into late', async () => {
    const host = await schoolWithRoster({ now: mondayAlert });
    await host.runJob('absence-check');
    await host.runJob('absence-check');
    expect(host.documents('presence')).toHaveLength(4);
    expect(host.documents('outbox')).toHaveLength(4);
    await host.deliver('iot:gate.swipe', [swipe('2025030202', '2026-11-23T00:50:00Z')]);
    const hong = host.documents('presence').find((doc) => doc.data.studentId === 's-hong');
    expect(hong?.data).toMatchObject({ status: 'late', arrivedAt: '2026-11-23T00:50:00.000Z' });
  });

  it('does nothing on a weekend or a holiday', async () => {
    const sunday = await schoolWithRoster({ now: () => new Date('2026-11-22T00:30:00Z') });
    await sunday.runJob('absence-check');
    expect(sunday.documents('presence')).toHaveLength(0);
    const holiday = await schoolWithRoster({ now: mondayAlert, settings: { holidays: ['2026-11-23'] } });
    await holiday.runJob('absence-check');
    expect(holiday.documents('presence')).toHaveLength(0);
    expect(holiday.records.messages).toHaveLength(0);
  });
});
