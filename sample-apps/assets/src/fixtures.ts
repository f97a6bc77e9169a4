import type { CurrentUser, JsonValue } from '@campusbase/plugin-sdk';
import { createFakeHost, type FakeHostOptions } from '@campusbase/plugin-sdk/testing';
import manifest from '../campusbase.app.json' with { type: 'json' };
import app from './server.ts';

export const admin: CurrentUser = { id: 'p-admin', name: '信息中心陈老师', kind: 'staff', isAdmin: true };
export const keeper: CurrentUser = { id: 'p-keeper', name: '总务处黄老师', kind: 'staff', isAdmin: false };
export const teacher: CurrentUser = {
  id: 'p-teacher',
  name: '物理组李老师',
  kind: 'teacher',
  isAdmin: false,
};

export const idOf = (response: { body: JsonValue }) => (response.body as { id: string }).id;

/** A school with the default categories installed and two assets, one of them a class board. */
export async function school(options: Partial<FakeHostOptions> = {}) {
  const host = createFakeHost({
    manifest,
    app,
    user: admin,
    settings: { approverIds: ['p-keeper'] },
    devices: [
      {
        id: 'board-701',
        type: 'class-board',
        name: '七年级(1)班电子班牌',
        online: true,
        orgUnitId: 'ou-701',
      },
      {
        id: 'board-702',
        type: 'class-board',
        name: '七年级(2)班电子班牌',
        online: false,
        orgUnitId: 'ou-702',
      },
    ],
    people: [
      { id: 'p-keeper', name: '总务处黄老师', kind: 'staff', orgUnitIds: [] },
      { id: 'p-teacher', name: '物理组李老师', kind: 'teacher', orgUnitIds: [] },
    ],
    ...options,
  });
  await host.install();
  const projector = await host.request('POST', '/assets', {
    body: {
      name: '便携投影仪',
      categoryCode: 'AV',
      model: 'EB-X51',
      location: '器材室',
      purchaseDate: '2025-03-18',
      cost: 3599,
    },
  });
  const board = await host.request('POST', '/assets', {
    body: {
      name: '电子班牌',
      categoryCode: 'IOT',
      location: '教学楼A201',
      purchaseDate: '2025-08-20',
      cost: 4800,
      deviceId: 'board-702',
      deviceType: 'class-board',
    },
  });
  return { host, projector: idOf(projector), board: idOf(board) };
}
