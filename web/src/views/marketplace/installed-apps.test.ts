import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReceivedPick } from '../../api/marketplace-install.ts';
import type { components } from '../../api/openapi.gen.ts';
import { createPortalI18n } from '../../i18n/index.ts';
import { fakeApi } from '../../test-api.ts';
import { settle } from '../../test-utils.ts';
import InstalledApps from './InstalledApps.vue';

type Installation = components['schemas']['AppInstallation'];
const installation = (id: string, appId: string, zh: string, status: Installation['status'] = 'enabled') => ({
  id,
  appId,
  version: '1.0.0',
  name: { zh, en: appId },
  status,
  approvedScopes: ['people:read'],
  settings: {},
  installedAt: '2026-09-01T08:00:00.000Z',
  uninstalledAt: null,
});
const pick = (appId: string, mode: ReceivedPick['mode'], mandatory: boolean): ReceivedPick => ({
  appId,
  bureau: '南宁市青秀区教育局',
  mode,
  label: mode === 'deploy' ? '统一部署' : '推荐',
  mandatory,
  note: null,
  installationId: null,
  at: '2026-09-01T08:00:00.000Z',
});

const safety = '3f1c2a4e-5b6d-4e7f-8a9b-000000000001';
const timetable = '3f1c2a4e-5b6d-4e7f-8a9b-000000000002';
const library = '3f1c2a4e-5b6d-4e7f-8a9b-000000000003';

async function open(picks: ReceivedPick[]) {
  const server = fakeApi({
    'GET /api/v1/apps/installations': () => ({
      items: [
        installation(safety, 'cn.campus.safety', '校园安全平安通'),
        installation(timetable, 'cn.campus.timetable', '智能排课'),
        installation(library, 'cn.campus.library', '智慧图书馆', 'disabled'),
      ],
    }),
    'GET /api/v1/marketplace/picks': () => ({ items: picks }),
    'GET /api/v1/apps/launcher': () => ({ appOrigin: 'http://apps.test', items: [] }),
    [`DELETE /api/v1/apps/installations/${timetable}`]: () => ({ purgeAfter: '2026-10-01T00:00:00.000Z' }),
  });
  setActivePinia(createPinia());
  const wrapper = mount(InstalledApps, {
    attachTo: document.body,
    global: { plugins: [createPortalI18n('zh-CN')] },
  });
  await settle();
  return { wrapper, server };
}

const q = (selector: string) => document.body.querySelector<HTMLElement>(selector);
const button = (selector: string) => q(selector) as HTMLButtonElement | null;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('本校已安装: apps a bureau deployed as mandatory', () => {
  it('disables 卸载 and 停用 of a mandatory app and explains why on hover; other apps keep theirs', async () => {
    const { wrapper, server } = await open([
      pick('cn.campus.safety', 'deploy', true),
      pick('cn.campus.timetable', 'deploy', false),
      pick('cn.campus.library', 'recommend', false),
    ]);
    expect(button('[data-test="uninstall-cn.campus.safety"]')!.disabled).toBe(true);
    expect(button('[data-test="disable-cn.campus.safety"]')!.disabled).toBe(true);
    const locked = q('[data-test="locked-cn.campus.safety"]')!;
    expect(locked.getAttribute('aria-label')).toBe('由教育局统一部署，学校不能卸载或停用');
    locked.dispatchEvent(new MouseEvent('mouseenter'));
    await vi.waitFor(() =>
      expect(document.querySelector('[role="tooltip"]')?.textContent).toContain(
        '由教育局统一部署，学校不能卸载或停用',
      ),
    );
    expect(document.body.textContent).toContain('部署单位：南宁市青秀区教育局');

    // A click on the disabled button reaches nothing.
    button('[data-test="uninstall-cn.campus.safety"]')!.click();
    await settle();
    expect(document.body.querySelector('.el-message-box')).toBeNull();
    expect(server.calls.filter((c) => c.method !== 'GET')).toEqual([]);

    // A deployment that is not mandatory, and a recommendation, leave the school in charge.
    expect(button('[data-test="uninstall-cn.campus.timetable"]')!.disabled).toBe(false);
    expect(button('[data-test="disable-cn.campus.timetable"]')!.disabled).toBe(false);
    expect(q('[data-test="locked-cn.campus.timetable"]')).toBeNull();
    expect(button('[data-test="uninstall-cn.campus.library"]')!.disabled).toBe(false);
    button('[data-test="uninstall-cn.campus.timetable"]')!.click();
    await settle();
    expect(document.body.querySelector('.el-message-box')?.textContent).toContain('智能排课');
    wrapper.unmount();
  });

  it('offers 卸载 and 停用 again once the bureau withdrew the mandatory pick', async () => {
    const { wrapper } = await open([]);
    expect(button('[data-test="uninstall-cn.campus.safety"]')!.disabled).toBe(false);
    expect(button('[data-test="disable-cn.campus.safety"]')!.disabled).toBe(false);
    expect(q('[data-test="locked-cn.campus.safety"]')).toBeNull();
    wrapper.unmount();
  });
});
