import {
  type AppContext,
  defineApp,
  ForbiddenError,
  InputError,
  isJsonObject,
  type JsonValue,
  NotFoundError,
  ConflictError,
  reply,
  type RouteRequest,
} from '@campusbase/plugin-sdk';

/** A notice as stored in the `notices` collection (see campusbase.app.json). */
export interface Notice {
  [key: string]: JsonValue;
  classId: string;
  title: string;
  body: string;
  pinned: boolean;
  authorId: string;
  authorName: string;
  publishedAt: string;
}

export interface BoardSettings {
  [key: string]: JsonValue;
  notifyClass: boolean;
  maxPinned: number;
}

type Types = { settings: BoardSettings; collections: { notices: Notice } };
type Context = AppContext<Types>;

function readNewNotice(body: JsonValue | null): {
  classId: string;
  title: string;
  body: string;
  pinned: boolean;
} {
  const input = isJsonObject(body) ? body : {};
  const { classId, title, body: text = '', pinned = false } = input;
  if (typeof classId !== 'string' || classId === '') {
    throw new InputError({ zh: '请选择班级', en: 'Choose a class' }, { field: 'classId' });
  }
  if (typeof title !== 'string' || title.trim() === '' || title.length > 100) {
    throw new InputError(
      { zh: '标题不能为空，且不超过 100 字', en: 'The title must have 1 to 100 characters' },
      { field: 'title' },
    );
  }
  if (typeof text !== 'string' || typeof pinned !== 'boolean') {
    throw new InputError({ zh: '正文或置顶设置格式不正确', en: 'The body or the pinned flag is malformed' });
  }
  return { classId, title: title.trim(), body: text, pinned };
}

function requireTeacher(context: Context) {
  const { user } = context;
  if (!user || (user.kind !== 'teacher' && user.kind !== 'staff' && !user.isAdmin)) {
    throw new ForbiddenError({
      zh: '只有教师可以发布或删除公告',
      en: 'Only teachers may post or delete notices',
    });
  }
  return user;
}

async function listNotices(request: RouteRequest, { collections }: Context) {
  const classId = request.query['classId'];
  if (!classId) throw new InputError({ zh: '请提供 classId', en: 'Pass a classId' }, { field: 'classId' });
  const page = await collections.use('notices').find({
    filter: { classId },
    sort: [
      { field: 'pinned', order: 'desc' },
      { field: 'publishedAt', order: 'desc' },
    ],
    limit: 20,
    ...(request.query['cursor'] ? { cursor: request.query['cursor'] } : {}),
  });
  return {
    items: page.items.map((document) => ({ id: document.id, version: document.version, ...document.data })),
    nextCursor: page.nextCursor,
  };
}

async function postNotice(request: RouteRequest, context: Context) {
  const user = requireTeacher(context);
  const input = readNewNotice(request.body);
  const settings = await context.settings.get();
  const notices = context.collections.use('notices');
  if (input.pinned) {
    const pinned = await notices.count({ classId: input.classId, pinned: true });
    if (pinned >= settings.maxPinned) {
      throw new ConflictError(
        {
          zh: `每个班级最多置顶 ${settings.maxPinned} 条公告，请先取消其他置顶`,
          en: `At most ${settings.maxPinned} pinned notices per class`,
        },
        { maxPinned: settings.maxPinned },
      );
    }
  }
  const stored = await notices.insert({
    ...input,
    authorId: user.id,
    authorName: user.name,
    publishedAt: new Date().toISOString(),
  });
  // The school admin may decline messages:send; the board still works without notifications.
  if (settings.notifyClass && context.hasScope('messages:send')) {
    await context.messages.send(
      { type: 'orgUnit', orgUnitId: input.classId, kinds: ['student', 'guardian'] },
      { title: `班级公告：${input.title}`, body: input.body, page: 'board' },
    );
  }
  context.log.info('notice posted', { noticeId: stored.id, classId: input.classId });
  return reply.json({ id: stored.id, ...stored.data }, { status: 201 });
}

async function deleteNotice(request: RouteRequest, context: Context) {
  const user = requireTeacher(context);
  const notices = context.collections.use('notices');
  const notice = await notices.get(request.param('id'));
  if (!notice) throw new NotFoundError({ zh: '公告不存在或已删除', en: 'The notice does not exist' });
  if (notice.data.authorId !== user.id && !user.isAdmin) {
    throw new ForbiddenError({ zh: '只能删除自己发布的公告', en: 'You may delete only your own notices' });
  }
  await notices.delete(notice.id, { expectedVersion: notice.version });
  return reply.noContent();
}

export default defineApp<Types>({
  routes: {
    'GET /classes': async (_request, { org }) =>
      (await org.list({ kind: 'class' })).map((unit) => ({ id: unit.id, name: unit.name })),
    'GET /notices': listNotices,
    'POST /notices': postNotice,
    'DELETE /notices/:id': deleteNotice,
  },
  hooks: {
    install: (context) => context.log.info('notice board installed', { school: context.school.name }),
  },
});
