import { describe, expect, it } from 'vitest';
import { idOf, keeper, school, teacher } from './fixtures.ts';

describe('repairs', () => {
  it('sends the asset to repair and back to where it was', async () => {
    const { host, projector } = await school();
    const ticket = await host.request('POST', '/repairs', {
      user: teacher,
      body: { assetId: projector, description: '开机无画面' },
    });
    expect(ticket).toMatchObject({ status: 201, body: { status: 'open', reportedByName: '物理组李老师' } });
    expect(host.documents('assets').find((doc) => doc.id === projector)!.data).toMatchObject({
      status: 'repair',
      statusBeforeRepair: 'in_stock',
    });
    expect(
      (
        await host.request('POST', '/loans', {
          user: teacher,
          body: { assetId: projector, purpose: 'x', dueDate: '2099-01-01' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await host.request('POST', `/repairs/${idOf(ticket)}/resolve`, {
          user: keeper,
          body: { resolution: 'x' },
        })
      ).status,
    ).toBe(403);
    await host.request('POST', `/repairs/${idOf(ticket)}/resolve`, {
      body: { resolution: '更换灯泡', cost: 280 },
    });
    expect(host.documents('assets').find((doc) => doc.id === projector)!.data).toMatchObject({
      status: 'in_stock',
      statusBeforeRepair: null,
    });
    expect(host.documents('repairs')[0]?.data).toMatchObject({ status: 'resolved', costCents: 28_000 });
  });
});

describe('stocktake by scanning', () => {
  it('finds scanned assets, lists missing and moved ones and keeps unknown labels', async () => {
    const { host } = await school();
    const stocktake = idOf(await host.request('POST', '/stocktakes', { body: { name: '2026 年秋季盘点' } }));
    const first = await host.request('POST', `/stocktakes/${stocktake}/scans`, {
      user: teacher,
      body: { code: 'CBASSET:ZC-2025-0001', location: '物理实验室' },
    });
    expect(first.body).toMatchObject({
      known: true,
      repeated: false,
      name: '便携投影仪',
      expectedLocation: '器材室',
    });
    const again = await host.request('POST', `/stocktakes/${stocktake}/scans`, {
      body: { code: 'zc-2025-0001' },
    });
    expect(again.body).toMatchObject({ repeated: true });
    await host.request('POST', `/stocktakes/${stocktake}/scans`, { body: { code: 'ZC-2019-0042' } });

    const report = await host.request('POST', `/stocktakes/${stocktake}/close`);
    expect(report.body).toMatchObject({
      status: 'closed',
      expected: 2,
      found: 1,
      missing: [{ code: 'ZC-2025-0002', name: '电子班牌' }],
      moved: [{ code: 'ZC-2025-0001', registered: '器材室', scanned: '物理实验室' }],
      unknown: ['ZC-2019-0042'],
    });
    expect(
      (await host.request('POST', `/stocktakes/${stocktake}/scans`, { body: { code: 'ZC-2025-0002' } }))
        .status,
    ).toBe(409);
  });
});
