import type { CurrentUser } from '@campusbase/plugin-sdk';
import { createFakeHost, type FakeHostOptions } from '@campusbase/plugin-sdk/testing';
import manifest from '../campusbase.app.json' with { type: 'json' };
import app from './server.ts';

/** A small school for the tests: two classes, four students with cards, their guardians and teachers. */
export const teacher: CurrentUser = { id: 't-li', name: '李老师', kind: 'teacher', isAdmin: false };
export const admin: CurrentUser = { id: 'a-zhou', name: '周主任', kind: 'staff', isAdmin: true };
export const parent: CurrentUser = { id: 'g-zhang', name: '张爸爸', kind: 'guardian', isAdmin: false };
export const student: CurrentUser = { id: 's-ming', name: '张小明', kind: 'student', isAdmin: false };

export const cards = [
  {
    cardNo: '2025030201',
    studentId: 's-ming',
    studentName: '张小明',
    classId: 'c-302',
    className: '三年级(2)班',
    guardianIds: ['g-zhang'],
  },
  {
    cardNo: '2025030202',
    studentId: 's-hong',
    studentName: '李小红',
    classId: 'c-302',
    className: '三年级(2)班',
    guardianIds: ['g-li'],
  },
  {
    cardNo: '2025030203',
    studentId: 's-gang',
    studentName: '王小刚',
    classId: 'c-302',
    className: '三年级(2)班',
    guardianIds: [],
  },
  {
    cardNo: '2025030101',
    studentId: 's-fang',
    studentName: '陈芳',
    classId: 'c-301',
    className: '三年级(1)班',
    guardianIds: ['g-chen'],
  },
];

export function school(options: Partial<FakeHostOptions> = {}) {
  return createFakeHost({
    manifest,
    app,
    user: teacher,
    orgUnits: [
      { id: 'g-3', parentId: null, kind: 'grade', name: '三年级', code: '03' },
      { id: 'c-301', parentId: 'g-3', kind: 'class', name: '三年级(1)班', code: '0301' },
      { id: 'c-302', parentId: 'g-3', kind: 'class', name: '三年级(2)班', code: '0302' },
    ],
    people: [
      { id: 's-ming', name: '张小明', kind: 'student', orgUnitIds: ['c-302'] },
      { id: 's-hong', name: '李小红', kind: 'student', orgUnitIds: ['c-302'] },
      { id: 's-gang', name: '王小刚', kind: 'student', orgUnitIds: ['c-302'] },
      { id: 's-fang', name: '陈芳', kind: 'student', orgUnitIds: ['c-301'] },
      {
        id: 'g-zhang',
        name: '张爸爸',
        kind: 'guardian',
        orgUnitIds: [],
        contact: { phone: '13800000011', email: null },
      },
      { id: 'g-li', name: '李妈妈', kind: 'guardian', orgUnitIds: [] },
      { id: 'g-chen', name: '陈妈妈', kind: 'guardian', orgUnitIds: [] },
      { id: 't-li', name: '李老师', kind: 'teacher', orgUnitIds: ['c-302'] },
      { id: 't-wu', name: '吴老师', kind: 'teacher', orgUnitIds: ['c-301'] },
    ],
    // The links the school keeps on the platform; 王小刚 has none on file.
    guardianships: [
      { studentId: 's-ming', guardianId: 'g-zhang', relation: 'father' },
      { studentId: 's-hong', guardianId: 'g-li', relation: 'mother' },
      { studentId: 's-fang', guardianId: 'g-chen', relation: 'mother' },
    ],
    ...options,
  });
}

/** A school whose roster is imported. */
export async function schoolWithRoster(options: Partial<FakeHostOptions> = {}) {
  const host = school(options);
  const response = await host.request('PUT', '/cards', { user: admin, body: { rows: cards } });
  if (response.status !== 200) throw new Error(`roster import failed: ${JSON.stringify(response.body)}`);
  return host;
}

/** A gate swipe as iot-bridge delivers it (`gate.swipe`, demo gate profile). */
export function swipe(cardNo: string, at: string, direction: 'in' | 'out' = 'in', result = 'pass') {
  return {
    deviceId: 'gate-east',
    data: { ts: Date.parse(at), cardNo, personType: 'student', direction, result, seq: 1 },
  };
}
