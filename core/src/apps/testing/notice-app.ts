/** A small class-notice app (班级公告) for the runtime's tests and the bench, written only against the SDK. */
export const noticeManifest = {
  id: 'cn.test.notices',
  version: '1.0.0',
  permissions: ['org:read'],
  collections: {
    notices: {
      schema: {
        type: 'object',
        required: ['title', 'classId'],
        additionalProperties: false,
        properties: {
          title: { type: 'string', minLength: 1, maxLength: 100 },
          body: { type: 'string', maxLength: 5000 },
          classId: { type: 'string' },
          priority: { type: 'integer', minimum: 0, maximum: 5 },
          pinned: { type: 'boolean' },
        },
      },
      indexes: [
        { name: 'by_class', fields: ['classId', '-priority'] },
        { name: 'by_title', fields: ['classId', 'title'], unique: true },
      ],
    },
  },
  settings: {
    schema: {
      type: 'object',
      properties: { greeting: { type: 'string', default: '同学们好' } },
      additionalProperties: false,
    },
  },
  routes: [
    { method: 'GET', path: '/notices' },
    { method: 'POST', path: '/notices' },
    { method: 'GET', path: '/notices/:id' },
    { method: 'POST', path: '/batch' },
    { method: 'GET', path: '/hello' },
  ],
  ui: { root: 'ui', pages: [{ id: 'board', entry: 'index.html', title: { zh: '班级公告', en: 'Notices' } }] },
};

export const noticeSource = `
import { defineApp, NotFoundError } from '@campusbase/plugin-sdk';
export default defineApp({
  routes: {
    'GET /notices': async (request, { collections }) => {
      const filter = request.query.classId ? { classId: request.query.classId } : {};
      const page = await collections.use('notices').find({ filter, sort: [{ field: 'priority', order: 'desc' }], limit: Number(request.query.limit ?? 50), cursor: request.query.cursor });
      return { items: page.items.map((d) => ({ id: d.id, ...d.data })), nextCursor: page.nextCursor };
    },
    'POST /notices': async (request, { collections }) => {
      const doc = await collections.use('notices').insert(request.body);
      return { id: doc.id, version: doc.version };
    },
    'GET /notices/:id': async (request, { collections }) => {
      const doc = await collections.use('notices').get(request.param('id'));
      if (!doc) throw new NotFoundError({ zh: '没有这条公告', en: 'No such notice' });
      return { id: doc.id, ...doc.data };
    },
    'POST /batch': async (request, { collections }) => {
      const results = await collections.transaction(request.body.operations);
      return { count: results.length };
    },
    'GET /hello': async (_request, { settings, user, school }) => ({ greeting: (await settings.get()).greeting, user: user && user.name, school: school.name }),
  },
});
`;
