import { describe, expect, it } from 'vitest';
import { idOf, keeper, school, teacher } from './fixtures.ts';

const soon = () => new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);

describe('check-out and return', () => {
  it('goes request → approval (asset checked out) → return (asset back in stock), with messages', async () => {
    const { host, projector } = await school();
    const loan = await host.request('POST', '/loans', {
      user: teacher,
      body: { assetId: projector, purpose: '物理公开课', dueDate: soon() },
    });
    expect(loan).toMatchObject({ status: 201, body: { status: 'requested', borrowerName: '物理组李老师' } });
    expect(host.records.messages.at(-1)).toMatchObject({ audience: { personIds: ['p-keeper'] } });
    const id = idOf(loan);

    expect(
      (await host.request('POST', `/loans/${id}/decision`, { user: teacher, body: { approve: true } }))
        .status,
    ).toBe(403);
    expect(
      (await host.request('POST', `/loans/${id}/decision`, { user: keeper, body: { approve: true } })).status,
    ).toBe(200);
    const asset = host.documents('assets').find((doc) => doc.id === projector)!.data;
    expect(asset).toMatchObject({ status: 'checked_out', holderName: '物理组李老师' });
    expect(host.records.messages.at(-1)).toMatchObject({
      audience: { personIds: ['p-teacher'] },
      message: { title: '借用已批准：便携投影仪' },
    });

    expect(
      (await host.request('POST', '/loans', { body: { assetId: projector, purpose: 'x', dueDate: soon() } }))
        .status,
    ).toBe(409);
    expect(
      (await host.request('POST', `/loans/${id}/return`, { user: teacher, body: { note: '完好' } })).status,
    ).toBe(200);
    expect(host.documents('assets').find((doc) => doc.id === projector)!.data).toMatchObject({
      status: 'in_stock',
      holderId: null,
    });
  });

  it('refuses a due date beyond the longest loan, and a second request for the same asset', async () => {
    const { host, projector } = await school({ settings: { approverIds: ['p-keeper'], maxLoanDays: 2 } });
    const late = await host.request('POST', '/loans', {
      user: teacher,
      body: { assetId: projector, purpose: '外出', dueDate: soon() },
    });
    expect(late).toMatchObject({ status: 400, body: { error: { details: { field: 'dueDate' } } } });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(
      (
        await host.request('POST', '/loans', {
          user: teacher,
          body: { assetId: projector, purpose: '上课', dueDate: today },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await host.request('POST', '/loans', {
          user: keeper,
          body: { assetId: projector, purpose: '上课', dueDate: today },
        })
      ).status,
    ).toBe(409);
  });

  it('shows a teacher only their own check-outs', async () => {
    const { host, projector, board } = await school();
    await host.request('POST', '/loans', {
      user: teacher,
      body: { assetId: projector, purpose: '上课', dueDate: soon() },
    });
    await host.request('POST', '/loans', {
      user: keeper,
      body: { assetId: board, purpose: '调试', dueDate: soon() },
    });
    expect((await host.request('GET', '/loans', { user: teacher })).body).toHaveLength(1);
    expect((await host.request('GET', '/loans', { user: keeper })).body).toHaveLength(2);
  });
});
