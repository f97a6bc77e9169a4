import { ConflictError, NotFoundError, type RouteRequest, reply } from '@campusbase/plugin-sdk';
import type { Context } from './types.ts';
import { bodyOf, currentUser, findAll, text } from './util.ts';

async function loadStocktake(context: Context, id: string) {
  const stocktake = await context.collections.use('stocktakes').get(id);
  if (!stocktake) throw new NotFoundError({ zh: '盘点任务不存在', en: 'No such stocktake' });
  return stocktake;
}

export async function startStocktake(request: RouteRequest, context: Context) {
  const user = currentUser(context);
  const name = text(bodyOf(request.body)['name'], 'name', 60);
  const stored = await context.collections.use('stocktakes').insert({
    name,
    startedBy: user.name,
    startedAt: new Date().toISOString(),
    status: 'open',
    closedAt: null,
  });
  return reply.json({ id: stored.id, ...stored.data }, { status: 201 });
}

/**
 * One scan of a label: the QR payload `CBASSET:<code>` or the code typed in. Scanning a label twice
 * is harmless (one scan per code and stocktake); unknown codes are kept for the report.
 */
export async function scan(request: RouteRequest, context: Context) {
  const user = currentUser(context);
  const stocktake = await loadStocktake(context, request.param('id'));
  if (stocktake.data.status !== 'open')
    throw new ConflictError({ zh: '盘点已结束', en: 'The stocktake is closed' });
  const input = bodyOf(request.body);
  const code = text(input['code'], 'code', 60)
    .replace(/^CBASSET:/, '')
    .toUpperCase();
  const key = `${stocktake.id}:${code}`;
  const scans = context.collections.use('scans');
  const seen = (await scans.find({ filter: { key }, limit: 1 })).items[0];
  const asset = (await context.collections.use('assets').find({ filter: { code }, limit: 1 })).items[0];
  if (!seen) {
    await scans.insert({
      key,
      stocktakeId: stocktake.id,
      code,
      known: Boolean(asset),
      scannedBy: user.name,
      scannedAt: new Date().toISOString(),
      location: text(input['location'], 'location', 60, false),
    });
  }
  return {
    code,
    known: Boolean(asset),
    repeated: Boolean(seen),
    name: asset?.data.name ?? null,
    expectedLocation: asset?.data.location ?? null,
  };
}

/** Found, missing (in the register, not scanned; scrapped ones are not expected) and unknown labels. */
export async function stocktakeReport(request: RouteRequest, context: Context) {
  const stocktake = await loadStocktake(context, request.param('id'));
  const scans = await findAll(context.collections.use('scans'), { stocktakeId: stocktake.id });
  const assets = await findAll(context.collections.use('assets'), { status: { $ne: 'scrapped' } });
  const scanned = new Map(scans.map((item) => [item.data.code, item.data]));
  const missing = assets.filter((asset) => !scanned.has(asset.data.code));
  const moved = assets.filter((asset) => {
    const seen = scanned.get(asset.data.code);
    return seen?.location && asset.data.location && seen.location !== asset.data.location;
  });
  return {
    id: stocktake.id,
    ...stocktake.data,
    expected: assets.length,
    found: assets.length - missing.length,
    missing: missing.map(({ id, data }) => ({
      id,
      code: data.code,
      name: data.name,
      location: data.location,
      holderName: data.holderName,
    })),
    moved: moved.map(({ data }) => ({
      code: data.code,
      name: data.name,
      registered: data.location,
      scanned: scanned.get(data.code)!.location,
    })),
    unknown: scans.filter((item) => !item.data.known).map((item) => item.data.code),
  };
}

export async function closeStocktake(request: RouteRequest, context: Context) {
  const stocktake = await loadStocktake(context, request.param('id'));
  await context.collections
    .use('stocktakes')
    .update(
      stocktake.id,
      { status: 'closed', closedAt: new Date().toISOString() },
      { expectedVersion: stocktake.version },
    );
  return stocktakeReport(request, context);
}
