import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboxEntry, InboxItem, UnreadCount } from '../../api/messages.ts';
import { useInbox } from '../../stores/inbox.ts';
import { FakeEventSource, fakeApi } from '../../test-api.ts';
import { mountPortal, settle } from '../../test-utils.ts';
import InboxPanel from './InboxPanel.vue';

const tenantId = '0b7c5a6e-1d2f-4c3b-9a8e-7f6d5c4b3a21';
function item(id: string, overrides: Partial<InboxItem> = {}): InboxItem {
  return {
    id,
    messageId: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
    tenantId,
    category: 'notice',
    priority: 'normal',
    title: `通知 ${id}`,
    summary: '请各位家长注意',
    deepLink: null,
    sender: { kind: 'person', name: '张晓燕' },
    createdAt: '2026-11-21T08:00:00.000Z',
    readAt: null,
    archivedAt: null,
    receipts: true,
    ...overrides,
  };
}

let entries: InboxItem[];
let counts: UnreadCount;

function platform() {
  return fakeApi({
    'GET /api/v1/inbox': ({ query }) => ({
      items: entries.filter((e) => !query.get('category') || e.category === query.get('category')),
    }),
    'GET /api/v1/inbox/unread-count': () => counts,
    'GET /api/v1/inbox/3': (): InboxEntry => ({
      ...entries.find((e) => e.id === '3')!,
      text: '本周五举行秋季运动会。',
      html: '<p>本周五举行<strong>秋季运动会</strong>。</p>',
    }),
    'POST /api/v1/inbox/read': ({ body }) => {
      const ids = (body as { ids?: string[] }).ids ?? entries.map((e) => e.id);
      for (const e of entries) if (ids.includes(e.id)) e.readAt = '2026-11-21T09:00:00.000Z';
      counts = { total: entries.filter((e) => !e.readAt).length, byCategory: {} };
      return { changed: ids.length };
    },
  });
}

async function mountInbox() {
  const wrapper = await mountPortal(InboxPanel);
  await settle();
  return wrapper;
}

beforeEach(() => {
  entries = [
    item('3', { title: '秋季运动会通知' }),
    item('2', { category: 'todo', title: '请提交请假审批' }),
    item('1', { readAt: '2026-11-20T08:00:00.000Z' }),
  ];
  counts = { total: 2, byCategory: { notice: 1, todo: 1 } };
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('the inbox', () => {
  it('lists the person’s messages, unread ones marked, with unread counts per category', async () => {
    platform();
    const wrapper = await mountInbox();
    useInbox().counts = counts;
    await settle();
    const rows = wrapper.findAll('[data-test^="inbox-item-"]');
    expect(rows.map((r) => r.find('strong').text())).toEqual(['秋季运动会通知', '请提交请假审批', '通知 1']);
    expect(rows.map((r) => r.classes().includes('cb-inbox__item--unread'))).toEqual([true, true, false]);
    expect(wrapper.get('[data-test="inbox-category"]').text()).toContain('待办');
    expect(wrapper.get('[data-test="inbox-category"]').find('.el-badge__content').text()).toBe('1');
  });

  it('filters by category', async () => {
    const server = platform();
    const wrapper = await mountInbox();
    const todo = wrapper
      .findAll('[data-test="inbox-category"] input')
      .find((i) => i.attributes('value') === 'todo')!;
    await todo.setValue(true);
    await settle();
    expect(server.calls.at(-1)?.query.get('category')).toBe('todo');
    expect(wrapper.findAll('[data-test^="inbox-item-"]').map((r) => r.find('strong').text())).toEqual([
      '请提交请假审批',
    ]);
  });

  it('opens a message, shows its text and marks it read', async () => {
    const server = platform();
    const wrapper = await mountInbox();
    await wrapper.get('[data-test="inbox-item-3"]').trigger('click');
    await settle();
    const drawer = document.querySelector('[data-test="entry-body"]');
    expect(drawer?.textContent).toContain('本周五举行秋季运动会');
    expect(server.calls.find((c) => c.method === 'POST')).toMatchObject({
      path: '/api/v1/inbox/read',
      body: { ids: ['3'] },
    });
    expect(wrapper.get('[data-test="inbox-item-3"]').classes()).not.toContain('cb-inbox__item--unread');
    expect(useInbox().total).toBe(1);
  });

  it('shows a message the moment it arrives over SSE, and counts it as unread', async () => {
    platform();
    const wrapper = await mountInbox();
    const inbox = useInbox();
    inbox.connect();
    const stream = FakeEventSource.last!;
    expect(stream.url).toBe('/api/v1/inbox/stream');
    stream.emit('ready', { unread: counts });
    stream.emit('message', item('4', { title: '明天停课通知', priority: 'urgent' }));
    await settle();
    expect(wrapper.findAll('[data-test^="inbox-item-"]')[0]!.text()).toContain('明天停课通知');
    expect(wrapper.findAll('[data-test^="inbox-item-"]')[0]!.text()).toContain('紧急');
    expect(inbox.total).toBe(3);
    inbox.disconnect();
    expect(stream.closed).toBe(true);
  });

  it('marks everything read at once', async () => {
    const server = platform();
    const wrapper = await mountInbox();
    useInbox().counts = counts;
    await settle();
    await wrapper.get('[data-test="mark-all-read"]').trigger('click');
    await settle();
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({ all: true });
    expect(wrapper.findAll('.cb-inbox__item--unread')).toHaveLength(0);
    expect(useInbox().total).toBe(0);
  });
});
