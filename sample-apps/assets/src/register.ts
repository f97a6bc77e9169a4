import { ConflictError, InputError, type RouteRequest, reply } from '@campusbase/plugin-sdk';
import { depreciation } from './depreciation.ts';
import type { Asset, Category, Context } from './types.ts';
import { bodyOf, campusToday, findAll, loadAsset, text } from './util.ts';

export const DEFAULT_CATEGORIES: Category[] = [
  { code: 'PC', name: '计算机设备', usefulLifeMonths: 36, residualRate: 0.05 },
  { code: 'AV', name: '多媒体教学设备', usefulLifeMonths: 60, residualRate: 0.05 },
  { code: 'IOT', name: '物联网设备（班牌、闸机、传感器）', usefulLifeMonths: 60, residualRate: 0.05 },
  { code: 'LAB', name: '实验仪器', usefulLifeMonths: 120, residualRate: 0.05 },
  { code: 'PE', name: '体育器材', usefulLifeMonths: 60, residualRate: 0 },
  { code: 'FUR', name: '办公家具', usefulLifeMonths: 180, residualRate: 0.05 },
];

/** The install hook: the usual categories of a school, so the register can be used at once. */
export async function seedCategories(context: Context): Promise<void> {
  if ((await context.collections.use('categories').count()) > 0) return;
  await context.collections.transaction(
    DEFAULT_CATEGORIES.map((data) => ({ op: 'insert', collection: 'categories', data })),
  );
}

export async function listCategories(_request: RouteRequest, context: Context) {
  return (await findAll(context.collections.use('categories'))).map(({ id, data }) => ({ id, ...data }));
}

export async function addCategory(request: RouteRequest, context: Context) {
  const stored = await context.collections.use('categories').insert(bodyOf(request.body) as Category);
  return reply.json({ id: stored.id, ...stored.data }, { status: 201 });
}

/** `ZC-2026-0007`: prefix, purchase year, then one more than the highest number of that year. */
async function nextCode(context: Context, year: string): Promise<string> {
  const { codePrefix } = await context.settings.get();
  const prefix = `${codePrefix}-${year}-`;
  const last = await context.collections.use('assets').find({
    filter: { code: { $gte: prefix, $lt: `${prefix}~` } },
    sort: [{ field: 'code', order: 'desc' }],
    limit: 1,
  });
  const number = Number(last.items[0]?.data.code.slice(prefix.length) ?? 0) + 1;
  return `${prefix}${String(number).padStart(4, '0')}`;
}

export async function registerAsset(request: RouteRequest, context: Context) {
  const input = bodyOf(request.body);
  const purchaseDate = typeof input['purchaseDate'] === 'string' ? input['purchaseDate'] : campusToday();
  const categoryCode = text(input['categoryCode'], 'categoryCode', 8);
  if ((await context.collections.use('categories').count({ code: categoryCode })) === 0) {
    throw new InputError(
      { zh: `没有分类 ${categoryCode}`, en: `No category ${categoryCode}` },
      { field: 'categoryCode' },
    );
  }
  const cost = input['cost'];
  if (typeof cost !== 'number' || !(cost >= 0))
    throw new InputError({ zh: '请填写购置金额（元）', en: 'Fill in the cost in yuan' }, { field: 'cost' });
  const deviceId = typeof input['deviceId'] === 'string' && input['deviceId'] ? input['deviceId'] : null;
  const asset: Asset = {
    code: await nextCode(context, purchaseDate.slice(0, 4)),
    name: text(input['name'], 'name', 60),
    categoryCode,
    model: text(input['model'], 'model', 60, false),
    location: text(input['location'], 'location', 60, false),
    purchaseDate,
    costCents: Math.round(cost * 100),
    status: 'in_stock',
    holderId: null,
    holderName: null,
    deviceId,
    deviceType: deviceId && typeof input['deviceType'] === 'string' ? input['deviceType'] : null,
    statusBeforeRepair: null,
  };
  const stored = await context.collections.use('assets').insert(asset);
  return reply.json({ id: stored.id, ...stored.data }, { status: 201 });
}

export async function listAssets(request: RouteRequest, context: Context) {
  const { status, categoryCode, q, cursor } = request.query;
  const page = await context.collections.use('assets').find({
    filter: {
      ...(status === 'in_stock' || status === 'checked_out' || status === 'repair' || status === 'scrapped'
        ? { status }
        : {}),
      ...(categoryCode ? { categoryCode } : {}),
      ...(q ? { $or: [{ name: { $contains: q } }, { code: { $contains: q.toUpperCase() } }] } : {}),
    },
    sort: [{ field: 'code', order: 'asc' }],
    limit: 100,
    ...(cursor ? { cursor } : {}),
  });
  return { items: page.items.map(({ id, data }) => ({ id, ...data })), nextCursor: page.nextCursor };
}

/**
 * An asset's health when it is also an IoT device. The SDK exposes only whether the device is
 * online (no telemetry or state), and only for device types the admin approved.
 */
async function deviceHealth(context: Context, asset: Asset) {
  if (!asset.deviceId || !asset.deviceType) return null;
  const scope = `iot:events:${asset.deviceType}`;
  if (!context.hasScope(scope))
    return { deviceId: asset.deviceId, state: 'unknown', name: null, reason: `未批准 ${scope}` };
  const device = (await context.iot.listDevices({ type: asset.deviceType })).find(
    (d) => d.id === asset.deviceId,
  );
  if (!device)
    return { deviceId: asset.deviceId, state: 'unknown', name: null, reason: '平台上没有这台设备' };
  return {
    deviceId: device.id,
    state: device.online ? 'online' : 'offline',
    name: device.name,
    reason: null,
  };
}

export async function assetDetail(request: RouteRequest, context: Context) {
  const asset = await loadAsset(context, request.param('id'));
  const category = (
    await context.collections.use('categories').find({ filter: { code: asset.data.categoryCode }, limit: 1 })
  ).items[0];
  const asOf = request.query['asOf'] ?? campusToday();
  const repairs = await context.collections
    .use('repairs')
    .find({ filter: { assetId: asset.id }, sort: [{ field: 'openedAt', order: 'desc' }], limit: 20 });
  return {
    id: asset.id,
    ...asset.data,
    categoryName: category?.data.name ?? asset.data.categoryCode,
    depreciation: category ? depreciation(asset.data, category.data, asOf) : null,
    device: await deviceHealth(context, asset.data),
    repairs: repairs.items.map(({ id, data }) => ({ id, ...data })),
  };
}

const editable = ['name', 'model', 'location', 'deviceId', 'deviceType'] as const;

export async function updateAsset(request: RouteRequest, context: Context) {
  const asset = await loadAsset(context, request.param('id'));
  const input = bodyOf(request.body);
  const patch: Partial<Asset> = {};
  for (const key of editable) {
    const value = input[key];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string')
      throw new InputError({ zh: `${key} 应为文字`, en: `${key} must be a string` }, { field: key });
    if (key === 'name' || key === 'model' || key === 'location') patch[key] = value ?? '';
    else patch[key] = value || null;
  }
  const updated = await context.collections
    .use('assets')
    .update(asset.id, patch, { expectedVersion: asset.version });
  return { id: updated.id, ...updated.data };
}

export async function scrapAsset(request: RouteRequest, context: Context) {
  const asset = await loadAsset(context, request.param('id'));
  if (asset.data.status === 'checked_out')
    throw new ConflictError({ zh: '资产借出中，请先归还再报废', en: 'Return the asset before scrapping it' });
  const updated = await context.collections
    .use('assets')
    .update(asset.id, { status: 'scrapped' }, { expectedVersion: asset.version });
  return { id: updated.id, ...updated.data };
}

/** What a label printer needs: the QR payload and the text lines under it. */
export async function assetLabel(request: RouteRequest, context: Context) {
  const asset = await loadAsset(context, request.param('id'));
  const { code, name, model, location, purchaseDate } = asset.data;
  return {
    code,
    qr: `CBASSET:${code}`,
    lines: [
      `${context.school.name} 固定资产`,
      `${code}  ${name}`,
      [model, location].filter(Boolean).join(' · '),
      `购置 ${purchaseDate}`,
    ],
  };
}

/** Devices of a type the admin approved, to link an asset to. */
export async function listDevices(request: RouteRequest, context: Context) {
  const type = request.query['type'] ?? 'class-board';
  if (!context.hasScope(`iot:events:${type}`)) return [];
  const devices = await context.iot.listDevices({ type });
  return devices.map(({ id, name, online, orgUnitId }) => ({ id, type, name, online, orgUnitId }));
}

/** Cost, accumulated depreciation and net value per category, as of a date. */
export async function depreciationReport(request: RouteRequest, context: Context) {
  const asOf = request.query['asOf'] ?? campusToday();
  const categories = await findAll(context.collections.use('categories'));
  const assets = await findAll(context.collections.use('assets'), { status: { $ne: 'scrapped' } });
  const rows = categories.map(({ data }) => {
    const mine = assets.filter((asset) => asset.data.categoryCode === data.code);
    const values = mine.map((asset) => depreciation(asset.data, data, asOf));
    const sum = (pick: (value: { accumulatedCents: number; netCents: number }) => number) =>
      values.reduce((total, value) => total + pick(value), 0);
    return {
      categoryCode: data.code,
      categoryName: data.name,
      count: mine.length,
      costCents: mine.reduce((total, asset) => total + asset.data.costCents, 0),
      accumulatedCents: sum((value) => value.accumulatedCents),
      netCents: sum((value) => value.netCents),
    };
  });
  const used = rows
    .filter((row) => row.count > 0)
    .sort((a, b) => a.categoryCode.localeCompare(b.categoryCode));
  return { asOf, categories: used };
}
