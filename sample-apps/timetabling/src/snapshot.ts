import { InputError } from '@campusbase/plugin-sdk';
import type { Snapshot } from './solver/model.ts';
import type { Context } from './types.ts';
import { findAll } from './util.ts';

/**
 * Freezes the school's setup into the solver's problem: ids become indexes, a requirement without
 * a room uses its class's home room, unavailability becomes slots. Dangling references are
 * reported all at once, so the school can fix them in one go.
 */
export async function buildSnapshot(context: Context): Promise<Snapshot> {
  const settings = await context.settings.get();
  const load = async <K extends 'subjects' | 'teachers' | 'rooms' | 'classes' | 'requirements'>(kind: K) =>
    findAll(context.collections.use(kind));
  const [subjects, teachers, rooms, classes, requirements] = [
    await load('subjects'),
    await load('teachers'),
    await load('rooms'),
    await load('classes'),
    await load('requirements'),
  ];
  const index = <T>(items: ReadonlyArray<T>, key: (item: T) => string) =>
    new Map(items.map((item, i) => [key(item), i]));
  const subjectOf = index(subjects, (doc) => doc.data.code);
  const teacherOf = index(teachers, (doc) => doc.id);
  const roomOf = index(rooms, (doc) => doc.id);
  const classOf = index(classes, (doc) => doc.id);
  const problems: string[] = [];
  const slotsOf = (unavailable: ReadonlyArray<{ day: number; period: number }>) =>
    unavailable
      .filter(({ day, period }) => day <= settings.days && period <= settings.periods)
      .map(({ day, period }) => (day - 1) * settings.periods + (period - 1));
  for (const { data } of classes)
    if (!roomOf.has(data.roomId)) problems.push(`班级「${data.name}」的教室不存在`);
  const snapshotRequirements = requirements.flatMap(({ data }) => {
    const cls = classOf.get(data.classId);
    const teacher = teacherOf.get(data.teacherId);
    const subject = subjectOf.get(data.subjectCode);
    const room =
      data.roomId === null
        ? cls === undefined
          ? undefined
          : roomOf.get(classes[cls]!.data.roomId)
        : roomOf.get(data.roomId);
    if (cls === undefined || teacher === undefined || subject === undefined || room === undefined) {
      problems.push(`课时（${data.subjectCode}，${data.hours} 节）引用的班级、教师、科目或教室不存在`);
      return [];
    }
    return [{ cls, teacher, room, subject, hours: data.hours }];
  });
  if (snapshotRequirements.length === 0) problems.push('还没有录入任何课时');
  const perClass = new Map<number, number>();
  for (const requirement of snapshotRequirements)
    perClass.set(requirement.cls, (perClass.get(requirement.cls) ?? 0) + requirement.hours);
  for (const [cls, hours] of perClass) {
    if (hours > settings.days * settings.periods)
      problems.push(
        `「${classes[cls]!.data.name}」每周 ${hours} 节，超过 ${settings.days * settings.periods} 个课位`,
      );
  }
  if (problems.length > 0) {
    throw new InputError(
      { zh: `基础数据有误：\n${problems.slice(0, 20).join('\n')}`, en: 'The setup has errors; see details' },
      { problems },
    );
  }
  return {
    days: settings.days,
    periods: settings.periods,
    maxConsecutive: settings.maxConsecutive,
    classes: classes.map((doc) => ({ id: doc.id, name: doc.data.name, orgUnitId: doc.data.orgUnitId })),
    teachers: teachers.map((doc) => ({
      id: doc.id,
      name: doc.data.name,
      unavailable: slotsOf(doc.data.unavailable),
    })),
    rooms: rooms.map((doc) => ({ id: doc.id, name: doc.data.name })),
    subjects: subjects.map((doc) => ({ code: doc.data.code, name: doc.data.name })),
    requirements: snapshotRequirements,
  };
}
