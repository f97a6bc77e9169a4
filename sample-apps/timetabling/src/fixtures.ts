import type { CurrentUser, JsonValue } from '@campusbase/plugin-sdk';
import { createFakeHost, type FakeHost, type FakeHostOptions } from '@campusbase/plugin-sdk/testing';
import manifest from '../campusbase.app.json' with { type: 'json' };
import app from './server.ts';

export const dean: CurrentUser = { id: 'p-dean', name: '教务处刘主任', kind: 'staff', isAdmin: true };
export const student: CurrentUser = { id: 'p-stu', name: '张小明', kind: 'student', isAdmin: false };

export function school(options: Partial<FakeHostOptions> = {}) {
  return createFakeHost({
    manifest,
    app,
    user: dean,
    settings: { maxIterations: 30_000 },
    orgUnits: [
      { id: 'g-7', parentId: null, kind: 'grade', name: '七年级', code: '07' },
      { id: 'ou-701', parentId: 'g-7', kind: 'class', name: '七年级(1)班', code: '0701' },
      { id: 'ou-702', parentId: 'g-7', kind: 'class', name: '七年级(2)班', code: '0702' },
    ],
    people: [
      { id: 'p-wang', name: '王老师', kind: 'teacher', orgUnitIds: [] },
      { id: 'p-li', name: '李老师', kind: 'teacher', orgUnitIds: [] },
      { id: 'p-zhao', name: '赵老师', kind: 'teacher', orgUnitIds: [] },
    ],
    devices: [
      {
        id: 'board-701',
        type: 'class-board',
        name: '七年级(1)班电子班牌',
        online: true,
        orgUnitId: 'ou-701',
      },
    ],
    ...options,
  });
}

export const idOf = (response: { body: JsonValue }) => (response.body as { id: string }).id;

/** Solves by calling the route the way the page does, until done; returns the number of calls. */
export async function solveAll(host: FakeHost, id: string): Promise<{ calls: number; percents: number[] }> {
  const percents: number[] = [];
  for (let calls = 1; calls < 100; calls += 1) {
    const response = await host.request('POST', `/timetables/${id}/solve`);
    if (response.status !== 200) throw new Error(JSON.stringify(response.body));
    const progress = response.body as { phase: string; percent: number };
    percents.push(progress.percent);
    if (progress.phase === 'done') return { calls, percents };
  }
  throw new Error('the solver did not finish');
}
