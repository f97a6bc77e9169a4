import type { StaffRecord, StudentRecord } from '../validate.ts';

/**
 * Deterministic, realistic rosters for tests, the benchmark and the demo file: students of a
 * six-grade primary school with their parents, and staff in departments.
 */

const surnames = [
  '李',
  '王',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '韦',
  '覃',
  '莫',
  '蒙',
  '梁',
  '廖',
  '陆',
  '罗',
];
const given = [
  '子涵',
  '欣怡',
  '梓萱',
  '浩然',
  '宇轩',
  '一诺',
  '思远',
  '雨桐',
  '俊杰',
  '嘉怡',
  '铭泽',
  '诗琪',
  '明轩',
  '语嫣',
  '天佑',
  '佳琪',
];
const parentGiven = [
  '伟',
  '芳',
  '强',
  '敏',
  '静',
  '军',
  '丽',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '霞',
  '斌',
  '华',
  '红',
];
const grades = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'];
const departments = [
  ['校长办公室'],
  ['教务处'],
  ['教务处', '语文教研组'],
  ['教务处', '数学教研组'],
  ['教务处', '英语教研组'],
  ['德育处'],
  ['总务处'],
];

/** A small deterministic generator, so the same seed gives the same file. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/**
 * `count` students, 45 to a class, numbered 2025xxxxx. Each pair of consecutive students in a class
 * with the same surname are siblings sharing a parent only by chance; parent phones are unique per
 * student here, so the counts in tests are exact.
 */
export function studentRoster(count: number, seed = 7): StudentRecord[] {
  const random = seeded(seed);
  const records: StudentRecord[] = [];
  for (let i = 0; i < count; i++) {
    const surname = pick(random, surnames);
    const classIndex = Math.floor(i / 45);
    const grade = grades[classIndex % grades.length]!;
    records.push({
      line: i + 2,
      studentNo: `2025${String(i + 1).padStart(5, '0')}`,
      name: `${surname}${pick(random, given)}`,
      gender: random() < 0.5 ? 'male' : 'female',
      grade,
      className: `${Math.floor(classIndex / grades.length) + 1}班`,
      phone: null,
      guardian: {
        name: `${surname}${pick(random, parentGiven)}`,
        phone: `139${String(7700000 + i).padStart(8, '0')}`,
        relation: random() < 0.5 ? 'father' : 'mother',
      },
    });
  }
  return records;
}

export function staffRoster(count: number, seed = 11): StaffRecord[] {
  const random = seeded(seed);
  const records: StaffRecord[] = [];
  for (let i = 0; i < count; i++) {
    const department = pick(random, departments);
    records.push({
      line: i + 2,
      staffNo: `T${String(2010000 + i)}`,
      name: `${pick(random, surnames)}${pick(random, parentGiven)}${pick(random, parentGiven)}`,
      gender: random() < 0.6 ? 'female' : 'male',
      department: [...department],
      phone: `138${String(7710000 + i).padStart(8, '0')}`,
      email: null,
      role: department.length > 1 ? 'teacher' : 'staff',
    });
  }
  return records;
}
