import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import type { WorkbenchDefaults } from '../../api/workbench.ts';
import { createPortalI18n } from '../../i18n/index.ts';
import { createPortalRouter } from '../../router/index.ts';
import { useSession } from '../../stores/session.ts';
import { fakeApi } from '../../test-api.ts';
import { settle } from '../../test-utils.ts';
import WorkbenchPage from './index.vue';
import { layoutKey } from './use-workbench-layout.ts';

const school = '0b7c5a6e-1d2f-4c3b-9a8e-7f6d5c4b3a21';
const person = '4f1d2c3b-5a6e-4d7f-8a9b-0c1d2e3f4a5b';
const storageKey = layoutKey(school, person);

const me = (roles: string[], permissions: string[]) => ({
  person: {
    id: person,
    displayName: '林美玲',
    phone: null,
    email: null,
    username: 'linmeiling',
    nationalIdMasked: null,
    locale: 'zh-CN',
  },
  activeTenant: { id: school, name: '凤岭实验小学', kind: 'school' },
  roles: roles.map((role) => ({ role, orgUnitId: null })),
  permissions,
  mfa: { enrolled: false, verified: false, requiredButMissing: false },
  passwordChangeRequired: false,
  tenants: [],
  children: [],
});

const teacherDefault = {
  order: ['alarms', 'todos', 'messages', 'apps', 'links'],
  hidden: ['messages'],
  links: [],
};
let defaults: WorkbenchDefaults;
let server: ReturnType<typeof fakeApi>;

function serve(who: ReturnType<typeof me>) {
  server = fakeApi({
    'GET /api/v1/me': () => who,
    'GET /api/v1/apps/launcher': () => ({ appOrigin: 'http://localhost:3001', items: [] }),
    'GET /api/v1/inbox': () => ({ items: [] }),
    'GET /api/v1/workbench/default': () => ({ role: 'teacher', layout: teacherDefault }),
    'GET /api/v1/workbench/defaults': () => ({ defaults }),
    'PUT /api/v1/workbench/defaults': ({ body }) => {
      defaults = (body as { defaults: WorkbenchDefaults }).defaults;
      return { defaults };
    },
  });
}

/** Mounts the workbench as a logged-in person (the session is read before the page sets up). */
async function mountAs(who: ReturnType<typeof me>) {
  serve(who);
  const pinia = createPinia();
  setActivePinia(pinia);
  await useSession().refresh();
  const wrapper = mount(WorkbenchPage, {
    attachTo: document.body,
    global: { plugins: [pinia, createPortalI18n('zh-CN'), createPortalRouter(createMemoryHistory())] },
  });
  await settle();
  return wrapper;
}

const order = (root: ParentNode) =>
  [...root.querySelectorAll('[data-widget]')].map((cell) => cell.getAttribute('data-widget'));

beforeEach(() => {
  localStorage.clear();
  defaults = {
    school_admin: { order: ['apps', 'todos', 'messages', 'links', 'alarms'], hidden: [], links: [] },
  };
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('the school’s default workbench per role', () => {
  it('starts a teacher without a layout of their own from the teacher default', async () => {
    const wrapper = await mountAs(me(['teacher'], []));
    expect(order(wrapper.element)).toEqual(['alarms', 'todos', 'apps', 'links']);
    expect(wrapper.find('[data-test="edit-role-defaults"]').exists()).toBe(false);
  });

  it('keeps the person’s own layout over the default, and resets to the role default', async () => {
    localStorage.setItem(
      storageKey,
      JSON.stringify({
        version: 1,
        order: ['links', 'apps', 'todos', 'messages', 'alarms'],
        hidden: [],
        links: [],
      }),
    );
    const wrapper = await mountAs(me(['teacher'], []));
    expect(order(wrapper.element)).toEqual(['links', 'apps', 'todos', 'messages', 'alarms']);
    await wrapper.get('[data-test="edit-layout"]').trigger('click');
    await wrapper.get('[data-test="reset-layout"]').trigger('click');
    await settle();
    expect(order(wrapper.element)).toEqual(['alarms', 'todos', 'apps', 'links']);
    expect(localStorage.getItem(storageKey)).toBeNull();
  });

  it('lets the school admin arrange a role’s default by drag and drop, keeping the other roles', async () => {
    const wrapper = await mountAs(me(['school_admin'], ['settings:write']));
    const page = () => document.querySelector('[data-test="workbench-board"]') as HTMLElement;
    const own = order(page());
    await wrapper.get('[data-test="edit-role-defaults"]').trigger('click');
    await settle();
    const drawer = document.body.querySelector('[data-test="role-defaults"]') as HTMLElement;
    // 教师 is chosen first and has no default yet: the platform's default is shown.
    expect(drawer.textContent).toContain('该角色尚未设置');
    expect(order(drawer)).toEqual(['todos', 'messages', 'apps', 'links', 'alarms']);

    const cell = (id: string) => drawer.querySelector(`[data-widget="${id}"]`) as HTMLElement;
    cell('alarms').dispatchEvent(new Event('dragstart'));
    cell('todos').dispatchEvent(new Event('dragover'));
    cell('todos').dispatchEvent(new Event('drop'));
    await settle();
    const put = server.calls.filter((c) => c.method === 'PUT').at(-1);
    expect(put?.body).toEqual({
      defaults: {
        school_admin: defaults.school_admin,
        teacher: { order: ['alarms', 'todos', 'messages', 'apps', 'links'], hidden: [], links: [] },
      },
    });
    expect(order(drawer)).toEqual(['alarms', 'todos', 'messages', 'apps', 'links']);
    // The admin's own workbench is untouched.
    expect(order(page())).toEqual(own);
    expect(localStorage.getItem(storageKey)).toBeNull();

    (drawer.querySelector('[data-test="role-school_admin"] input') as HTMLInputElement).click();
    await settle();
    expect(order(drawer)).toEqual(['apps', 'todos', 'messages', 'links', 'alarms']);
    (drawer.querySelector('[data-test="role-default-remove"]') as HTMLElement).click();
    await settle();
    expect(Object.keys(defaults)).toEqual(['teacher']);
  });
});
