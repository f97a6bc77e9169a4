import { ConflictError, NotFoundError, type RouteRequest, reply } from '@campusbase/plugin-sdk';
import type { Context, Repair } from './types.ts';
import { bodyOf, currentUser, loadAsset, text } from './util.ts';

/** Anyone may report a fault; the asset goes to repair and remembers where it was. */
export async function openRepair(request: RouteRequest, context: Context) {
  const user = currentUser(context);
  const input = bodyOf(request.body);
  const asset = await loadAsset(context, text(input['assetId'], 'assetId', 80));
  if (asset.data.status === 'scrapped')
    throw new ConflictError({ zh: '资产已报废', en: 'The asset is scrapped' });
  const repair: Repair = {
    assetId: asset.id,
    assetCode: asset.data.code,
    assetName: asset.data.name,
    description: text(input['description'], 'description', 500),
    reportedBy: user.id,
    reportedByName: user.name,
    status: 'open',
    resolution: '',
    costCents: 0,
    openedAt: new Date().toISOString(),
    closedAt: null,
  };
  const operations = [{ op: 'insert' as const, collection: 'repairs', data: repair }];
  const [result] = await context.collections.transaction(
    asset.data.status === 'repair'
      ? operations
      : [
          ...operations,
          {
            op: 'update',
            collection: 'assets',
            id: asset.id,
            patch: { status: 'repair', statusBeforeRepair: asset.data.status },
            expectedVersion: asset.version,
          },
        ],
  );
  const id = result && 'document' in result ? result.document.id : null;
  return reply.json({ id, ...repair }, { status: 201 });
}

export async function listRepairs(request: RouteRequest, context: Context) {
  const status = request.query['status'];
  const page = await context.collections.use('repairs').find({
    ...(status === 'open' || status === 'resolved' ? { filter: { status } } : {}),
    sort: [{ field: 'openedAt', order: 'desc' }],
    limit: 100,
  });
  return page.items.map(({ id, data }) => ({ id, ...data }));
}

/** Closes a ticket; with no other open ticket the asset returns to its status before the repair. */
export async function resolveRepair(request: RouteRequest, context: Context) {
  const input = bodyOf(request.body);
  const repair = await context.collections.use('repairs').get(request.param('id'));
  if (!repair) throw new NotFoundError({ zh: '工单不存在', en: 'No such ticket' });
  if (repair.data.status !== 'open') throw new ConflictError({ zh: '工单已完成', en: 'Already resolved' });
  const cost = typeof input['cost'] === 'number' && input['cost'] >= 0 ? Math.round(input['cost'] * 100) : 0;
  const asset = await loadAsset(context, repair.data.assetId);
  const others = await context.collections.use('repairs').count({ assetId: asset.id, status: 'open' });
  await context.collections.transaction([
    {
      op: 'update',
      collection: 'repairs',
      id: repair.id,
      patch: {
        status: 'resolved',
        resolution: text(input['resolution'], 'resolution', 500),
        costCents: cost,
        closedAt: new Date().toISOString(),
      },
      expectedVersion: repair.version,
    },
    ...(others > 1 || asset.data.status !== 'repair'
      ? []
      : [
          {
            op: 'update' as const,
            collection: 'assets',
            id: asset.id,
            patch: { status: asset.data.statusBeforeRepair ?? 'in_stock', statusBeforeRepair: null },
            expectedVersion: asset.version,
          },
        ]),
  ]);
  return { id: repair.id, status: 'resolved' };
}
