import type { Snapshot } from './model.ts';

/**
 * A realistic middle-school week for tests and the demo: `classes` classes (七年级), 5 days × 7
 * periods, 30 lessons per class, teachers shared by two classes, labs and the gym as special rooms.
 */
const plan: Array<[code: string, name: string, hours: number, room: 'home' | 'lab' | 'gym']> = [
  ['chinese', '语文', 6, 'home'],
  ['math', '数学', 6, 'home'],
  ['english', '英语', 5, 'home'],
  ['physics', '物理', 3, 'lab'],
  ['biology', '生物', 2, 'lab'],
  ['history', '历史', 2, 'home'],
  ['geography', '地理', 2, 'home'],
  ['pe', '体育', 2, 'gym'],
  ['music', '音乐', 1, 'home'],
  ['art', '美术', 1, 'home'],
];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜';

export function sampleSchool(classes = 6): Snapshot {
  const teachers: Snapshot['teachers'] = [];
  const requirements: Snapshot['requirements'] = [];
  const rooms = [
    ...Array.from({ length: classes }, (_, i) => ({ id: `room-${i + 1}`, name: `教学楼A${201 + i}` })),
    { id: 'lab-1', name: '实验室一' },
    { id: 'lab-2', name: '实验室二' },
    { id: 'gym', name: '体育馆' },
  ];
  const special = { lab: classes, gym: classes + 2 };
  for (const [subject, [code, name, hours, room]] of plan.entries()) {
    for (let c = 0; c < classes; c += 1) {
      // One teacher per subject for every two classes (small subjects: every three).
      const share = hours <= 2 ? 3 : 2;
      const key = `${code}-${Math.floor(c / share)}`;
      let teacher = teachers.findIndex((candidate) => candidate.id === key);
      if (teacher < 0) {
        teacher = teachers.length;
        teachers.push({
          id: key,
          name: `${surnames[teachers.length % surnames.length]}老师（${name}）`,
          unavailable: [],
        });
      }
      const roomIndex = room === 'home' ? c : room === 'lab' ? special.lab + (c % 2) : special.gym;
      requirements.push({ cls: c, teacher, room: roomIndex, subject, hours });
    }
  }
  // The first maths teacher is away on Monday mornings for 教研 (teaching research).
  teachers[teachers.findIndex((teacher) => teacher.id === 'math-0')]!.unavailable = [0, 1, 2, 3];
  return {
    days: 5,
    periods: 7,
    maxConsecutive: 3,
    classes: Array.from({ length: classes }, (_, i) => ({
      id: `class-${i + 1}`,
      name: `七年级(${i + 1})班`,
      orgUnitId: null,
    })),
    teachers,
    rooms,
    subjects: plan.map(([code, name]) => ({ code, name })),
    requirements,
  };
}
