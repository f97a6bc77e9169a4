import { describe, expect, it } from 'vitest';
import { admin, school, teacher } from './fixtures.ts';

describe('asset register', () => {
  it('installs the usual categories and numbers assets per purchase year', async () => {
    const { host } = await school();
    expect(host.documents('categories')).toHaveLength(6);
    await host.install();
    expect(host.documents('categories')).toHaveLength(6);
    const codes = host.documents('assets').map((doc) => doc.data.code);
    expect(codes).toEqual(['ZC-2025-0001', 'ZC-2025-0002']);
    const third = await host.request('POST', '/assets', {
      body: { name: '显微镜', categoryCode: 'LAB', purchaseDate: '2025-09-01', cost: 1200 },
    });
    expect(third.body).toMatchObject({ code: 'ZC-2025-0003', costCents: 120_000, status: 'in_stock' });
  });

  it('refuses an unknown category, a missing cost, and registration by a teacher', async () => {
    const { host } = await school();
    expect(
      (await host.request('POST', '/assets', { body: { name: 'x', categoryCode: 'NOPE', cost: 1 } })).status,
    ).toBe(400);
    expect((await host.request('POST', '/assets', { body: { name: 'x', categoryCode: 'PC' } })).status).toBe(
      400,
    );
    expect(
      (
        await host.request('POST', '/assets', {
          user: teacher,
          body: { name: 'x', categoryCode: 'PC', cost: 1 },
        })
      ).status,
    ).toBe(403);
  });

  it('shows depreciation and, for an IoT asset, whether the device is online', async () => {
    const { host, projector, board } = await school();
    const detail = await host.request('GET', `/assets/${projector}?asOf=2026-03-10`);
    // 3599 元 × 95% / 60 months = 56.98 元 a month, 12 months since April 2025.
    expect(detail.body).toMatchObject({
      categoryName: '多媒体教学设备',
      depreciation: { monthsDepreciated: 12, monthlyCents: 5698, netCents: 291_524 },
      device: null,
    });
    const iot = await host.request('GET', `/assets/${board}`);
    expect(iot.body).toMatchObject({
      device: { deviceId: 'board-702', state: 'offline', name: '七年级(2)班电子班牌' },
    });
  });

  it('says the health is unknown when the admin did not approve that device type', async () => {
    const { host, board } = await school({ approvedScopes: ['people:read:basic'] });
    expect((await host.request('GET', `/assets/${board}`)).body).toMatchObject({
      device: { state: 'unknown', reason: '未批准 iot:events:class-board' },
    });
    expect((await host.request('GET', '/devices?type=class-board')).body).toEqual([]);
  });

  it('gives label data with the QR payload, searches, and sums depreciation by category', async () => {
    const { host, projector } = await school();
    expect((await host.request('GET', `/assets/${projector}/label`)).body).toMatchObject({
      code: 'ZC-2025-0001',
      qr: 'CBASSET:ZC-2025-0001',
    });
    const found = (await host.request('GET', '/assets?q=投影')).body as { items: Array<{ code: string }> };
    expect(found.items.map((item) => item.code)).toEqual(['ZC-2025-0001']);
    const report = await host.request('GET', '/reports/depreciation?asOf=2026-03-10', { user: admin });
    expect(report.body).toMatchObject({
      categories: [
        { categoryCode: 'AV', count: 1, costCents: 359_900, netCents: 291_524 },
        { categoryCode: 'IOT', count: 1 },
      ],
    });
  });
});
