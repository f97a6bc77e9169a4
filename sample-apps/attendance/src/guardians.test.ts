import { describe, expect, it } from 'vitest';
import { admin, cards, schoolWithRoster, swipe } from './fixtures.ts';

// Monday 23 Nov 2026, 08:30 on the campus clock.
const mondayAlert = () => new Date('2026-11-23T00:30:00Z');
const withoutGuardianScope = ['people:read:basic', 'org:read', 'messages:send', 'iot:events:gate.swipe'];

describe('parent notices go to the guardians the school recorded on the platform', () => {
  it('notifies an absent student’s guardians from people.guardiansOf, not the roster’s old copy', async () => {
    // Imported before the admin approved people:read:guardians: the roster kept the typed guardian…
    const host = await schoolWithRoster({ now: mondayAlert, approvedScopes: withoutGuardianScope });
    await host.request('PUT', '/cards', {
      user: admin,
      body: { rows: [{ ...cards[1], guardianIds: ['g-old'] }] },
    });
    // …whom the school has since replaced on the platform.
    host.approve([...withoutGuardianScope, 'people:read:guardians']);
    await host.runJob('absence-check');
    await host.runJob('notify');
    const toHong = host.records.messages.filter(
      (m) => m.audience.type === 'people' && m.message.body.includes('李小红'),
    );
    expect(toHong.map((m) => m.audience)).toEqual([{ type: 'people', personIds: ['g-li'] }]);
    expect(toHong[0]?.message).toMatchObject({ title: '缺勤提醒', priority: 'high' });
    const outbox = Object.fromEntries(
      host.documents('outbox').map((doc) => [doc.data.studentId, [doc.data.status, doc.data.error]]),
    );
    expect(outbox).toEqual({
      's-hong': ['sent', null],
      's-gang': ['skipped', 'no_guardians'],
      's-ming': ['sent', null],
      's-fang': ['sent', null],
    });
    expect(host.documents('outbox').find((doc) => doc.data.studentId === 's-hong')?.data.guardianIds).toEqual(
      ['g-li'],
    );
    expect(host.records.audit).toContainEqual({ method: 'people.guardiansOf', allowed: true, code: null });
  });

  it('fills the roster’s guardian copy from the platform on import', async () => {
    const host = await schoolWithRoster();
    const card = host.documents('cards').find((doc) => doc.data.studentId === 's-fang');
    expect(card?.data.guardianIds).toEqual(['g-chen']);
  });

  it('falls back to the roster’s guardians when the admin did not approve people:read:guardians', async () => {
    const host = await schoolWithRoster({ approvedScopes: withoutGuardianScope });
    await host.deliver('iot:gate.swipe', [swipe('2025030201', '2026-11-22T23:32:00Z')]);
    await host.runJob('notify');
    expect(host.records.messages.map((m) => m.audience)).toEqual([
      { type: 'people', personIds: ['g-zhang'] },
    ]);
    expect(host.records.audit.some((entry) => entry.method === 'people.guardiansOf')).toBe(false);
  });

  it('skips, and keeps, a notice for a student who is no longer at the school', async () => {
    const host = await schoolWithRoster({
      now: mondayAlert,
      people: [{ id: 's-left', name: '转学生', kind: 'guardian', orgUnitIds: [] }],
      approvedScopes: withoutGuardianScope,
    });
    await host.request('PUT', '/cards', {
      user: admin,
      body: {
        rows: [
          {
            cardNo: '2025039999',
            studentId: 's-left',
            studentName: '转学生',
            classId: 'c-302',
            className: '三年级(2)班',
            guardianIds: ['g-zhang'],
          },
        ],
      },
    });
    host.approve([...withoutGuardianScope, 'people:read:guardians']);
    await host.runJob('absence-check');
    await host.runJob('notify');
    const left = host.documents('outbox').find((doc) => doc.data.studentId === 's-left');
    expect(left?.data).toMatchObject({ status: 'skipped', error: 'student_not_found' });
  });
});
