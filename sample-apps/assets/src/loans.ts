import {
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  type RouteRequest,
  reply,
} from '@campusbase/plugin-sdk';
import type { Context, Loan } from './types.ts';
import { bodyOf, campusToday, currentUser, loadAsset, requireApprover, text } from './util.ts';

async function notify(context: Context, personIds: string[], title: string, body: string) {
  if (personIds.length > 0 && context.hasScope('messages:send')) {
    await context.messages.send({ type: 'people', personIds }, { title, body, page: 'loans' });
  }
}

/** Anyone may ask to borrow an asset that is in stock; an approver decides. */
export async function requestLoan(request: RouteRequest, context: Context) {
  const user = currentUser(context);
  const input = bodyOf(request.body);
  const asset = await loadAsset(context, text(input['assetId'], 'assetId', 80));
  if (asset.data.status !== 'in_stock')
    throw new ConflictError({ zh: `${asset.data.name}当前不可借用`, en: 'The asset is not in stock' });
  const { maxLoanDays, approverIds } = await context.settings.get();
  const dueDate = typeof input['dueDate'] === 'string' ? input['dueDate'] : '';
  const latest = new Date(Date.parse(campusToday()) + maxLoanDays * 86_400_000).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate) || dueDate < campusToday() || dueDate > latest) {
    throw new InputError(
      { zh: `归还日期应在今天到 ${latest} 之间`, en: `The due date must be between today and ${latest}` },
      { field: 'dueDate' },
    );
  }
  const open = await context.collections
    .use('loans')
    .count({ assetId: asset.id, status: { $in: ['requested', 'approved'] } });
  if (open > 0)
    throw new ConflictError({ zh: '已有人申请借用这件资产', en: 'Someone has already asked for this asset' });
  const loan: Loan = {
    assetId: asset.id,
    assetCode: asset.data.code,
    assetName: asset.data.name,
    borrowerId: user.id,
    borrowerName: user.name,
    purpose: text(input['purpose'], 'purpose', 200),
    dueDate,
    status: 'requested',
    decidedBy: null,
    decidedAt: null,
    returnedAt: null,
    returnNote: '',
  };
  const stored = await context.collections.use('loans').insert(loan);
  await notify(
    context,
    approverIds,
    `借用申请：${asset.data.name}`,
    `${user.name}申请借用 ${asset.data.code}，${loan.purpose}，${dueDate} 前归还。`,
  );
  return reply.json({ id: stored.id, ...stored.data }, { status: 201 });
}

export async function listLoans(request: RouteRequest, context: Context) {
  const user = currentUser(context);
  const { status } = request.query;
  const mine =
    request.query['mine'] === '1' ||
    !(user.isAdmin || (await context.settings.get()).approverIds.includes(user.id));
  const page = await context.collections.use('loans').find({
    filter: {
      ...(mine ? { borrowerId: user.id } : {}),
      ...(status === 'requested' || status === 'approved' || status === 'rejected' || status === 'returned'
        ? { status }
        : {}),
    },
    sort: [{ field: '$createdAt', order: 'desc' }],
    limit: 100,
  });
  return page.items.map(({ id, data }) => ({
    id,
    ...data,
    overdue: data.status === 'approved' && data.dueDate < campusToday(),
  }));
}

/** Approving hands the asset out: the loan and the asset change together, or neither does. */
export async function decideLoan(request: RouteRequest, context: Context) {
  const user = await requireApprover(context);
  const input = bodyOf(request.body);
  if (typeof input['approve'] !== 'boolean')
    throw new InputError({ zh: '请选择批准或驳回', en: 'Pass approve: true or false' }, { field: 'approve' });
  const loan = await context.collections.use('loans').get(request.param('id'));
  if (!loan) throw new NotFoundError({ zh: '借用申请不存在', en: 'No such check-out' });
  if (loan.data.status !== 'requested')
    throw new ConflictError({ zh: '这条申请已经处理过了', en: 'Already decided' });
  const decided = { decidedBy: user.name, decidedAt: new Date().toISOString() };
  if (!input['approve']) {
    await context.collections
      .use('loans')
      .update(loan.id, { status: 'rejected', ...decided }, { expectedVersion: loan.version });
  } else {
    const asset = await loadAsset(context, loan.data.assetId);
    if (asset.data.status !== 'in_stock')
      throw new ConflictError({ zh: `${asset.data.name}当前不在库`, en: 'The asset is not in stock' });
    await context.collections.transaction([
      {
        op: 'update',
        collection: 'loans',
        id: loan.id,
        patch: { status: 'approved', ...decided },
        expectedVersion: loan.version,
      },
      {
        op: 'update',
        collection: 'assets',
        id: asset.id,
        patch: { status: 'checked_out', holderId: loan.data.borrowerId, holderName: loan.data.borrowerName },
        expectedVersion: asset.version,
      },
    ]);
  }
  await notify(
    context,
    [loan.data.borrowerId],
    `借用${input['approve'] ? '已批准' : '未批准'}：${loan.data.assetName}`,
    `审批人：${user.name}`,
  );
  return { id: loan.id, status: input['approve'] ? 'approved' : 'rejected' };
}

/** The borrower or an approver records the return; the asset is back in stock. */
export async function returnLoan(request: RouteRequest, context: Context) {
  const user = currentUser(context);
  const loan = await context.collections.use('loans').get(request.param('id'));
  if (!loan) throw new NotFoundError({ zh: '借用记录不存在', en: 'No such check-out' });
  const isApprover = user.isAdmin || (await context.settings.get()).approverIds.includes(user.id);
  if (loan.data.borrowerId !== user.id && !isApprover)
    throw new ForbiddenError({ zh: '只能归还自己借用的资产', en: 'You may return only your own check-outs' });
  if (loan.data.status !== 'approved')
    throw new ConflictError({ zh: '这条借用不在借出状态', en: 'The check-out is not open' });
  const asset = await loadAsset(context, loan.data.assetId);
  const note =
    request.body && typeof bodyOf(request.body)['note'] === 'string'
      ? String(bodyOf(request.body)['note']).slice(0, 200)
      : '';
  await context.collections.transaction([
    {
      op: 'update',
      collection: 'loans',
      id: loan.id,
      patch: { status: 'returned', returnedAt: new Date().toISOString(), returnNote: note },
      expectedVersion: loan.version,
    },
    {
      op: 'update',
      collection: 'assets',
      id: asset.id,
      // A fault found on return goes to repair, not back on the shelf.
      patch:
        asset.data.status === 'repair'
          ? { holderId: null, holderName: null, statusBeforeRepair: 'in_stock' }
          : { status: 'in_stock', holderId: null, holderName: null },
      expectedVersion: asset.version,
    },
  ]);
  return { id: loan.id, status: 'returned' };
}
