import { describe, expect, it } from 'vitest';
import { schoolWithRoster, swipe } from './fixtures.ts';
import { parseSwipe } from './swipes.ts';

const day = (host: Awaited<ReturnType<typeof schoolWithRoster>>) =>
  host.documents('presence').map((doc) => doc.data);

describe('gate swipes', () => {
  it('turns the first in-swipe into an arrival and queues one notice for the parents', async () => {
    const host = await schoolWithRoster();
    // 07:32 and 07:35 on the campus clock (UTC+8).
    await host.deliver('iot:gate.swipe', [
      swipe('2025030201', '2026-11-22T23:32:00Z'),
      swipe('2025030201', '2026-11-22T23:35:00Z'),
    ]);
    expect(day(host)).toMatchObject([
      { studentId: 's-ming', date: '2026-11-23', status: 'present', arrivedAt: '2026-11-22T23:32:00.000Z' },
    ]);
    expect(host.documents('outbox').map((doc) => doc.data)).toMatchObject([
      {
        kind: 'arrival',
        status: 'pending',
        guardianIds: ['g-zhang'],
        body: '您的孩子张小明已于11月23日 07:32刷卡到校。',
      },
    ]);

    await host.runJob('notify');
    expect(host.records.messages).toMatchObject([
      { audience: { type: 'people', personIds: ['g-zhang'] }, recipientCount: 1 },
    ]);
    expect(host.documents('outbox')[0]?.data.status).toBe('sent');
  });

  it('is idempotent when the platform delivers the same batch again', async () => {
    const host = await schoolWithRoster();
    const batch = [
      swipe('2025030201', '2026-11-22T23:32:00Z'),
      swipe('2025030201', '2026-11-23T08:40:00Z', 'out'),
    ];
    await host.deliver('iot:gate.swipe', batch);
    await host.deliver('iot:gate.swipe', batch);
    expect(host.documents('presence')).toHaveLength(1);
    expect(day(host)[0]?.swipes).toHaveLength(2);
    expect(day(host)[0]?.departedAt).toBe('2026-11-23T08:40:00.000Z');
    expect(host.documents('outbox')).toHaveLength(1);
  });

  it('marks an arrival after lateAfter as late, and an earlier swipe delivered later still wins', async () => {
    const host = await schoolWithRoster({ settings: { lateAfter: '07:50' } });
    await host.deliver('iot:gate.swipe', [swipe('2025030202', '2026-11-23T00:05:00Z')]);
    expect(day(host)[0]).toMatchObject({ status: 'late' });
    await host.deliver('iot:gate.swipe', [swipe('2025030202', '2026-11-22T23:45:00Z')]);
    expect(day(host)[0]).toMatchObject({ status: 'present', arrivedAt: '2026-11-22T23:45:00.000Z' });
  });

  it('ignores denied swipes, unknown cards and malformed payloads', async () => {
    const host = await schoolWithRoster();
    await host.deliver('iot:gate.swipe', [
      swipe('2025030201', '2026-11-22T23:32:00Z', 'in', 'denied'),
      swipe('99000123', '2026-11-22T23:32:00Z'),
      { data: { cardNo: 42 } },
    ]);
    expect(host.documents('presence')).toHaveLength(0);
  });

  it('notifies departures only when the school turns it on, and never without guardians', async () => {
    const host = await schoolWithRoster({ settings: { notifyDeparture: true, notifyArrival: false } });
    await host.deliver('iot:gate.swipe', [
      swipe('2025030201', '2026-11-23T08:40:00Z', 'out'),
      swipe('2025030203', '2026-11-23T08:41:00Z', 'out'),
    ]);
    await host.runJob('notify');
    const notices = host.documents('outbox').map((doc) => doc.data);
    expect(notices.map((notice) => [notice.kind, notice.studentId, notice.status, notice.error])).toEqual([
      ['departure', 's-ming', 'sent', null],
      ['departure', 's-gang', 'skipped', 'no_guardians'],
    ]);
    expect(host.records.messages).toHaveLength(1);
  });

  it('reads the demo gate payload and rejects the rest', () => {
    const base = { id: 'e1', type: 'gate.swipe', occurredAt: '2026-11-23T00:00:00Z', deviceId: 'gate-1' };
    expect(
      parseSwipe({ ...base, data: { cardNo: '2025070215', direction: 'in', result: 'pass' } }),
    ).toMatchObject({
      date: '2026-11-23',
      swipe: { direction: 'in', deviceId: 'gate-1' },
    });
    expect(
      parseSwipe({ ...base, data: { cardNo: '2025070215', direction: 'up', result: 'pass' } }),
    ).toBeNull();
  });
});

describe('the notify job', () => {
  it('sends at most notifyPerMinute notices a run and leaves the rest for the next minute', async () => {
    const host = await schoolWithRoster({ settings: { notifyPerMinute: 1 } });
    await host.deliver('iot:gate.swipe', [
      swipe('2025030201', '2026-11-22T23:32:00Z'),
      swipe('2025030202', '2026-11-22T23:33:00Z'),
    ]);
    await host.runJob('notify');
    expect(host.records.messages).toHaveLength(1);
    await host.runJob('notify');
    expect(host.records.messages).toHaveLength(2);
    expect(host.documents('outbox').every((doc) => doc.data.status === 'sent')).toBe(true);
  });

  it('sends nothing when the school admin did not approve messages:send', async () => {
    const host = await schoolWithRoster({
      approvedScopes: ['people:read:basic', 'org:read', 'iot:events:gate.swipe'],
    });
    await host.deliver('iot:gate.swipe', [swipe('2025030201', '2026-11-22T23:32:00Z')]);
    await host.runJob('notify');
    expect(host.records.messages).toHaveLength(0);
    expect(host.documents('outbox')[0]?.data).toMatchObject({
      status: 'skipped',
      error: 'messages_send_not_approved',
    });
  });
});
