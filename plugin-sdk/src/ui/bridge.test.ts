import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNEL, BRIDGE_VERSION, type BridgeRequest } from '../bridge/protocol.ts';
import { type BridgeMessageEvent, type BridgeWindow, connectBridge } from './index.ts';

const portal = 'https://portal.school.cn';

function fakeWindow() {
  const sent: Array<{ message: BridgeRequest; origin: string }> = [];
  const listeners = new Set<(event: BridgeMessageEvent) => void>();
  const parent = {
    postMessage: (message: unknown, origin: string) =>
      sent.push({ message: message as BridgeRequest, origin }),
  };
  const timers: Array<() => void> = [];
  const win: BridgeWindow = {
    parent,
    location: { search: `?cbHostOrigin=${encodeURIComponent(portal)}` },
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
    setTimeout: (callback) => timers.push(callback),
    clearTimeout: () => undefined,
  };
  const deliver = (data: unknown, origin = portal, source: unknown = parent) => {
    for (const listener of listeners) listener({ data, origin, source });
  };
  const answer = (id: string, fields: object, origin?: string, source?: unknown) =>
    deliver(
      { channel: BRIDGE_CHANNEL, version: BRIDGE_VERSION, kind: 'response', id, ...fields },
      origin,
      source,
    );
  return { win, sent, answer, timers };
}

describe('ui bridge client', () => {
  it('posts tagged requests to the portal origin and resolves the matching answer', async () => {
    const { win, sent, answer } = fakeWindow();
    const bridge = connectBridge({ window: win });
    const confirmed = bridge.confirm({ title: '删除', message: '确定吗？' });
    expect(sent[0]).toMatchObject({
      origin: portal,
      message: { channel: BRIDGE_CHANNEL, method: 'dialog.confirm' },
    });
    answer(sent[0]!.message.id, { ok: true, result: { confirmed: true } });
    await expect(confirmed).resolves.toBe(true);
  });

  it('ignores answers from another window or origin', async () => {
    const { win, sent, answer, timers } = fakeWindow();
    const bridge = connectBridge({ window: win });
    const pending = bridge.context();
    const id = sent[0]!.message.id;
    answer(id, { ok: true, result: { forged: true } }, 'https://evil.example.cn');
    answer(id, { ok: true, result: { forged: true } }, portal, {});
    timers[0]!();
    await expect(pending).rejects.toMatchObject({ code: 'bridge_timeout' });
  });

  it('turns an API error answer into the matching error class', async () => {
    const { win, sent, answer } = fakeWindow();
    const bridge = connectBridge({ window: win });
    const call = bridge.api.post('/notices', { title: '' });
    answer(sent[0]!.message.id, {
      ok: true,
      result: { status: 403, body: { error: { code: 'forbidden', message: '只有教师可以发布' } } },
    });
    await expect(call).rejects.toMatchObject({ name: 'ForbiddenError', message: '只有教师可以发布' });
  });
});
