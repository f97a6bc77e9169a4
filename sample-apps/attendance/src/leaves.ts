import {
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  type RouteRequest,
  reply,
} from '@campusbase/plugin-sdk';
import { bodyOf, currentUser, dateParam, findAll, requireStaff, stringParam } from './util.ts';
import type { Context, Leave } from './types.ts';

/** Approved leave overlapping [from, to], by student id. */
export async function approvedLeaves(
  context: Context,
  from: string,
  to: string,
): Promise<Map<string, Leave[]>> {
  const leaves = await findAll(context.collections.use('leaves'), {
    status: 'approved',
    from: { $lte: to },
    to: { $gte: from },
  });
  const byStudent = new Map<string, Leave[]>();
  for (const { data } of leaves)
    byStudent.set(data.studentId, [...(byStudent.get(data.studentId) ?? []), data]);
  return byStudent;
}

export function coversDay(leaves: ReadonlyArray<Leave> | undefined, date: string): boolean {
  return (leaves ?? []).some((leave) => leave.from <= date && date <= leave.to);
}

const isStaff = (kind: string, isAdmin: boolean) => kind === 'teacher' || kind === 'staff' || isAdmin;

/** Guardians see their own requests; teachers see all, optionally by status or class. */
export async function listLeaves(request: RouteRequest, context: Context) {
  const user = currentUser(context);
  const { status, classId } = request.query;
  const staff = isStaff(user.kind, user.isAdmin);
  const page = await context.collections.use('leaves').find({
    filter: {
      ...(staff ? {} : { requestedBy: user.id }),
      ...(status === 'pending' || status === 'approved' || status === 'rejected' ? { status } : {}),
      ...(classId ? { classId } : {}),
    },
    sort: [{ field: '$createdAt', order: 'desc' }],
    limit: 100,
  });
  return page.items.map((item) => ({ id: item.id, ...item.data }));
}

/** A guardian requests leave for their own child; a teacher may request it for any student. */
export async function requestLeave(request: RouteRequest, context: Context) {
  const user = currentUser(context);
  const input = bodyOf(request.body);
  const studentId = stringParam(input['studentId'], 'studentId', 100);
  const from = dateParam(input['from'], 'from');
  const to = dateParam(input['to'], 'to', from);
  if (to < from)
    throw new InputError(
      { zh: '结束日期不能早于开始日期', en: 'The end date is before the start date' },
      { field: 'to' },
    );
  const kind = input['kind'] === 'sick' ? 'sick' : 'personal';
  const reason = stringParam(input['reason'], 'reason', 500);
  const card = (await context.collections.use('cards').find({ filter: { studentId }, limit: 1 })).items[0]
    ?.data;
  if (!card)
    throw new NotFoundError({
      zh: '考勤名单中没有这名学生',
      en: 'The student is not in the attendance roster',
    });
  if (!isStaff(user.kind, user.isAdmin) && !card.guardianIds.includes(user.id)) {
    throw new ForbiddenError({
      zh: '只能为自己的孩子请假',
      en: 'You may request leave only for your own child',
    });
  }
  const leave: Leave = {
    studentId,
    studentName: card.studentName,
    classId: card.classId,
    from,
    to,
    kind,
    reason,
    status: 'pending',
    requestedBy: user.id,
    requestedByName: user.name,
    decidedBy: null,
    decidedAt: null,
    comment: '',
  };
  const stored = await context.collections.use('leaves').insert(leave);
  if (context.hasScope('messages:send')) {
    await context.messages.send(
      { type: 'orgUnit', orgUnitId: card.classId, kinds: ['teacher'] },
      { title: `请假申请：${card.studentName}`, body: `${from} 至 ${to}，${reason}`, page: 'leaves' },
    );
  }
  return reply.json({ id: stored.id, ...stored.data }, { status: 201 });
}

export async function decideLeave(request: RouteRequest, context: Context) {
  const user = requireStaff(context);
  const input = bodyOf(request.body);
  if (typeof input['approve'] !== 'boolean') {
    throw new InputError({ zh: '请选择批准或驳回', en: 'Pass approve: true or false' }, { field: 'approve' });
  }
  const leaves = context.collections.use('leaves');
  const leave = await leaves.get(request.param('id'));
  if (!leave) throw new NotFoundError({ zh: '请假申请不存在', en: 'The leave request does not exist' });
  if (leave.data.status !== 'pending') {
    throw new ConflictError({ zh: '这条申请已经处理过了', en: 'This request has already been decided' });
  }
  const comment = typeof input['comment'] === 'string' ? input['comment'].slice(0, 200) : '';
  const status = input['approve'] ? 'approved' : 'rejected';
  const updated = await leaves.update(
    leave.id,
    { status, decidedBy: user.id, decidedAt: new Date().toISOString(), comment },
    { expectedVersion: leave.version },
  );
  if (context.hasScope('messages:send')) {
    await context.messages.send(
      { type: 'people', personIds: [leave.data.requestedBy] },
      {
        title: `${leave.data.studentName}的请假${status === 'approved' ? '已批准' : '未批准'}`,
        body: `${leave.data.from} 至 ${leave.data.to}${comment ? `。${user.name}：${comment}` : ''}`,
        page: 'leaves',
      },
    );
  }
  return { id: updated.id, ...updated.data };
}
