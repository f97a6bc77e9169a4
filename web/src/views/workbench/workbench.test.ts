import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboxItem } from '../../api/messages.ts';
import { fakeApi } from '../../test-api.ts';
import { mountPortal, settle } from '../../test-utils.ts';
import WorkbenchPage from './index.vue';
import { layoutKey } from './use-workbench-layout.ts';

// Nobody is logged in in these tests and no school is chosen: the key falls back accordingly.
const storageKey = layoutKey(null, null);

function stored(): { order: string[]; hidden: string[]; links: Array<{ title: string; url: string }> } {
  return JSON.parse(localStorage.getItem(storageKey) ?? 'null');
}

async function mountWorkbench() {
  const wrapper = await mountPortal(WorkbenchPage);
  await settle();
  return wrapper;
}

const order = (wrapper: Awaited<ReturnType<typeof mountWorkbench>>) =>
  wrapper.findAll('[data-widget]').map((cell) => cell.attributes('data-widget'));

const unread = (id: string, category: InboxItem['category'], title: string): InboxItem => ({
  id,
  messageId: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
  tenantId: '0b7c5a6e-1d2f-4c3b-9a8e-7f6d5c4b3a21',
  category,
  priority: 'normal',
  title,
  summary: '',
  deepLink: null,
  sender: { kind: 'person', name: '教务处' },
  createdAt: '2026-11-21T08:00:00.000Z',
  readAt: null,
  archivedAt: null,
  receipts: false,
});

let launcher: { appOrigin: string; items: unknown[] };

beforeEach(() => {
  localStorage.clear();
  launcher = { appOrigin: 'http://localhost:3001', items: [] };
  const inbox = [unread('2', 'todo', '审批：李明的请假申请'), unread('1', 'notice', '期中考试安排')];
  fakeApi({
    'GET /api/v1/apps/launcher': () => launcher,
    'GET /api/v1/inbox': ({ query }) => ({
      items: inbox.filter((i) => !query.get('category') || i.category === query.get('category')),
    }),
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('the personalised workbench (个性化工作台)', () => {
  it('shows the five widgets with their Chinese titles in the default order', async () => {
    const wrapper = await mountWorkbench();
    expect(order(wrapper)).toEqual(['todos', 'messages', 'apps', 'links', 'alarms']);
    const titles = wrapper.findAll('.cb-widget__title').map((h) => h.text());
    expect(titles).toEqual(['待办事项', '未读消息', '常用应用', '快捷入口', '设备告警']);
  });

  it('restores the layout the person saved before', async () => {
    localStorage.setItem(
      storageKey,
      JSON.stringify({
        version: 1,
        order: ['alarms', 'links', 'todos', 'messages', 'apps'],
        hidden: ['messages'],
        links: [],
      }),
    );
    const wrapper = await mountWorkbench();
    expect(order(wrapper)).toEqual(['alarms', 'links', 'todos', 'apps']);
  });

  it('does not let cards be dragged until the person chooses to arrange them', async () => {
    const wrapper = await mountWorkbench();
    const cells = wrapper.findAll('[data-widget]');
    expect(cells[0]!.attributes('draggable')).toBe('false');
    await cells[4]!.trigger('dragstart');
    await cells[0]!.trigger('dragover');
    await cells[0]!.trigger('drop');
    await settle();
    expect(order(wrapper)).toEqual(['todos', 'messages', 'apps', 'links', 'alarms']);
    expect(localStorage.getItem(storageKey)).toBeNull();
  });

  it('rearranges by drag and drop, and keeps the new order', async () => {
    const wrapper = await mountWorkbench();
    await wrapper.get('[data-test="edit-layout"]').trigger('click');
    const cell = (id: string) => wrapper.get(`[data-widget="${id}"]`);
    expect(cell('alarms').attributes('draggable')).toBe('true');
    await cell('alarms').trigger('dragstart');
    await cell('todos').trigger('dragover');
    expect(cell('todos').classes()).toContain('cb-board__cell--over');
    await cell('todos').trigger('drop');
    await settle();
    expect(order(wrapper)).toEqual(['alarms', 'todos', 'messages', 'apps', 'links']);
    expect(stored().order).toEqual(['alarms', 'todos', 'messages', 'apps', 'links']);

    const again = await mountWorkbench();
    expect(order(again)).toEqual(['alarms', 'todos', 'messages', 'apps', 'links']);
  });

  it('moves cards with the buttons too, for keyboards and phones', async () => {
    const wrapper = await mountWorkbench();
    await wrapper.get('[data-test="edit-layout"]').trigger('click');
    const first = wrapper.get('[data-widget="todos"]');
    expect(first.get('[data-test="move-up"]').attributes('disabled')).toBeDefined();
    await first.get('[data-test="move-down"]').trigger('click');
    await settle();
    expect(order(wrapper)).toEqual(['messages', 'todos', 'apps', 'links', 'alarms']);
  });

  it('hides a card and shows it again from the tray', async () => {
    const wrapper = await mountWorkbench();
    await wrapper.get('[data-test="edit-layout"]').trigger('click');
    await wrapper.get('[data-widget="messages"] [data-test="hide"]').trigger('click');
    await settle();
    expect(order(wrapper)).not.toContain('messages');
    expect(stored().hidden).toEqual(['messages']);
    const tray = wrapper.get('[data-test="hidden-tray"]');
    expect(tray.text()).toContain('未读消息');
    await tray.get('[data-test="show-messages"]').trigger('click');
    await settle();
    expect(order(wrapper)).toContain('messages');
    expect(wrapper.find('[data-test="hidden-tray"]').exists()).toBe(false);
  });

  it('resets to the default layout', async () => {
    localStorage.setItem(
      storageKey,
      JSON.stringify({ version: 1, order: ['links', 'alarms'], hidden: ['todos'], links: [] }),
    );
    const wrapper = await mountWorkbench();
    await wrapper.get('[data-test="edit-layout"]').trigger('click');
    await wrapper.get('[data-test="reset-layout"]').trigger('click');
    await settle();
    expect(order(wrapper)).toEqual(['todos', 'messages', 'apps', 'links', 'alarms']);
    expect(localStorage.getItem(storageKey)).toBeNull();
  });

  it('adds quick links, but never a javascript: link', async () => {
    const wrapper = await mountWorkbench();
    await wrapper.get('[data-test="edit-layout"]').trigger('click');
    const links = wrapper.get('[data-widget="links"]');
    await links.get('[data-test="link-title"]').setValue('坏链接');
    await links.get('[data-test="link-url"]').setValue('javascript:alert(1)');
    await links.get('form').trigger('submit');
    await settle();
    expect(links.findAll('[data-test="quick-link"]')).toHaveLength(0);

    await links.get('[data-test="link-title"]').setValue('教务系统');
    await links.get('[data-test="link-url"]').setValue('https://jw.example.edu.cn');
    await links.get('form').trigger('submit');
    await settle();
    const anchors = links.findAll('[data-test="quick-link"]');
    expect(anchors.map((a) => a.text())).toEqual(['教务系统']);
    expect(anchors[0]!.attributes('href')).toBe('https://jw.example.edu.cn');
    expect(anchors[0]!.attributes('rel')).toContain('noopener');
    expect(stored().links).toEqual([{ title: '教务系统', url: 'https://jw.example.edu.cn' }]);
  });

  it('shows unread to-dos and messages from the person’s inbox', async () => {
    const wrapper = await mountWorkbench();
    expect(wrapper.get('[data-test="widget-todos-list"]').text()).toContain('审批：李明的请假申请');
    expect(wrapper.get('[data-test="widget-messages-list"]').text()).toContain('期中考试安排');
    expect(wrapper.get('[data-test="widget-messages-list"]').text()).not.toContain('李明');
  });

  it("pins the school's apps from their manifests' menu entries, each opening its page", async () => {
    launcher = {
      appOrigin: 'http://localhost:3001',
      items: [
        {
          installationId: '5d0c8f0e-3b6a-4f7e-9a51-2c4d6e8f0a1b',
          appId: 'cn.campusbase.attendance',
          version: '1.0.0',
          name: { zh: '智慧考勤', en: 'Attendance' },
          icon: 'chart',
          approvedScopes: ['org:read'],
          pages: [
            {
              id: 'dashboard',
              entry: 'dashboard.html',
              title: { zh: '考勤看板', en: 'Attendance dashboard' },
              menu: {
                title: { zh: '考勤看板', en: 'Attendance' },
                icon: 'chart',
                order: 20,
                audience: 'user',
              },
            },
            { id: 'detail', entry: 'detail.html', title: { zh: '详情', en: 'Detail' }, menu: null },
          ],
        },
      ],
    };
    const wrapper = await mountWorkbench();
    const tiles = wrapper.get('[data-widget="apps"]').findAll('a');
    expect(tiles.map((a) => a.text())).toEqual(['考勤看板']);
    expect(tiles[0]!.attributes('href')).toBe('/apps/5d0c8f0e-3b6a-4f7e-9a51-2c4d6e8f0a1b/dashboard');
  });

  it('says so when the school has no apps, and which widgets need a permission', async () => {
    const wrapper = await mountWorkbench();
    expect(wrapper.get('[data-widget="apps"]').text()).toContain('本校还没有可打开的应用');
    // Alarms are for people who manage the school's devices.
    expect(wrapper.get('[data-widget="alarms"]').text()).toContain('需要设备管理权限');
  });
});
