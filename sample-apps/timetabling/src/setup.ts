import {
  InputError,
  NotFoundError,
  type RouteRequest,
  reply,
  type TransactionOperation,
} from '@campusbase/plugin-sdk';
import { sampleSchool } from './solver/sample-school.ts';
import { type Context, SETUP_KINDS, type SetupKind } from './types.ts';
import { bodyOf, findAll, requireStaff } from './util.ts';

function kindOf(request: RouteRequest): SetupKind {
  const kind = SETUP_KINDS.find((candidate) => candidate === request.param('kind'));
  if (!kind) {
    throw new InputError(
      {
        zh: `没有这类基础数据，可选：${SETUP_KINDS.join('、')}`,
        en: `Unknown kind; use one of ${SETUP_KINDS.join(', ')}`,
      },
      { field: 'kind' },
    );
  }
  return kind;
}

/** Everything the school entered: subjects, teachers, rooms, classes and weekly hours. */
export async function getSetup(_request: RouteRequest, context: Context) {
  const lists = await Promise.all(SETUP_KINDS.map((kind) => findAll(context.collections.use(kind))));
  return Object.fromEntries(
    SETUP_KINDS.map((kind, i) => [kind, lists[i]!.map((doc) => ({ id: doc.id, ...doc.data }))]),
  );
}

/** Inserts one record; the platform validates it against the collection's JSON Schema. */
export async function addSetup(request: RouteRequest, context: Context) {
  requireStaff(context);
  const [result] = await context.collections.transaction([
    { op: 'insert', collection: kindOf(request), data: bodyOf(request.body) },
  ]);
  const document = result && 'document' in result ? result.document : null;
  return reply.json(document ? { id: document.id, ...document.data } : null, { status: 201 });
}

export async function replaceSetup(request: RouteRequest, context: Context) {
  requireStaff(context);
  const [result] = await context.collections.transaction([
    { op: 'replace', collection: kindOf(request), id: request.param('id'), data: bodyOf(request.body) },
  ]);
  return result && 'document' in result ? { id: result.document.id, ...result.document.data } : null;
}

export async function deleteSetup(request: RouteRequest, context: Context) {
  requireStaff(context);
  const [result] = await context.collections.transaction([
    { op: 'delete', collection: kindOf(request), id: request.param('id') },
  ]);
  if (!result || !('deleted' in result) || !result.deleted)
    throw new NotFoundError({ zh: '记录不存在', en: 'No such record' });
  return reply.noContent();
}

/**
 * Brings classes from the organisation (org:read) and teachers from people (people:read:basic),
 * skipping ones already there, so the school does not type them twice (一数一源).
 */
export async function importFromPlatform(_request: RouteRequest, context: Context) {
  requireStaff(context);
  const operations: TransactionOperation[] = [];
  const classes = await findAll(context.collections.use('classes'));
  const rooms = await findAll(context.collections.use('rooms'));
  if (context.hasScope('org:read')) {
    const known = new Set(classes.map((doc) => doc.data.orgUnitId));
    for (const unit of await context.org.list({ kind: 'class' })) {
      if (known.has(unit.id)) continue;
      // A class without a room yet gets a home room named after it, which the school can rename.
      const room = rooms.find((doc) => doc.data.name === `${unit.name}教室`);
      const roomId =
        room?.id ??
        (await context.collections.use('rooms').insert({ name: `${unit.name}教室`, kind: 'home' })).id;
      operations.push({
        op: 'insert',
        collection: 'classes',
        data: { name: unit.name, orgUnitId: unit.id, roomId },
      });
    }
  }
  if (context.hasScope('people:read:basic')) {
    const known = new Set(
      (await findAll(context.collections.use('teachers'))).map((doc) => doc.data.personId),
    );
    let cursor: string | null = null;
    do {
      const page = await context.people.list({ kind: 'teacher', limit: 500, ...(cursor ? { cursor } : {}) });
      for (const person of page.items) {
        if (!known.has(person.id))
          operations.push({
            op: 'insert',
            collection: 'teachers',
            data: { name: person.name, personId: person.id, unavailable: [] },
          });
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  for (let start = 0; start < operations.length; start += 100)
    await context.collections.transaction(operations.slice(start, start + 100));
  const count = (collection: string) =>
    operations.filter((operation) => operation.collection === collection).length;
  return { classes: count('classes'), teachers: count('teachers') };
}

/** Fills an empty school with the six-class sample week, to try the solver. */
export async function loadDemo(_request: RouteRequest, context: Context) {
  requireStaff(context);
  if ((await context.collections.use('requirements').count()) > 0) {
    throw new InputError({
      zh: '已有课时数据，示例只能导入到空白学校',
      en: 'The school already has weekly hours',
    });
  }
  const school = sampleSchool(6);
  const insert = async (operations: TransactionOperation[]) =>
    (await context.collections.transaction(operations)).map((result) =>
      'document' in result ? result.document.id : '',
    );
  const subjects = school.subjects;
  await insert(subjects.map((data) => ({ op: 'insert', collection: 'subjects', data })));
  const teacherIds = await insert(
    school.teachers.map((teacher) => ({
      op: 'insert',
      collection: 'teachers',
      data: {
        name: teacher.name,
        personId: null,
        unavailable: teacher.unavailable.map((slot) => ({
          day: Math.floor(slot / school.periods) + 1,
          period: (slot % school.periods) + 1,
        })),
      },
    })),
  );
  const roomIds = await insert(
    school.rooms.map((room) => ({
      op: 'insert',
      collection: 'rooms',
      data: { name: room.name, kind: room.id.startsWith('room') ? 'home' : room.id.replace(/-\d+$/, '') },
    })),
  );
  const classIds = await insert(
    school.classes.map((item, i) => ({
      op: 'insert',
      collection: 'classes',
      data: { name: item.name, orgUnitId: null, roomId: roomIds[i]! },
    })),
  );
  const requirements: TransactionOperation[] = school.requirements.map((requirement) => ({
    op: 'insert',
    collection: 'requirements',
    data: {
      classId: classIds[requirement.cls]!,
      subjectCode: subjects[requirement.subject]!.code,
      teacherId: teacherIds[requirement.teacher]!,
      hours: requirement.hours,
      roomId: requirement.room === requirement.cls ? null : roomIds[requirement.room]!,
    },
  }));
  for (let start = 0; start < requirements.length; start += 100)
    await context.collections.transaction(requirements.slice(start, start + 100));
  return reply.json(
    { classes: classIds.length, teachers: teacherIds.length, requirements: requirements.length },
    { status: 201 },
  );
}
