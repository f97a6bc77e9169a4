import { mount } from '@vue/test-utils';
import { ElMessageBox, type MessageBoxData } from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppRecord, AppVersions } from '../../../api/marketplace-review.ts';
import { createPortalI18n } from '../../../i18n/index.ts';
import { fakeApi } from '../../../test-api.ts';
import { settle } from '../../../test-utils.ts';
import SupervisionCard from './SupervisionCard.vue';

const APP = 'cn.nnzx.smart-attendance';
const v1 = '1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41';
const v2 = '1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c42';
const v3 = '1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c43';
const card: AppRecord = {
  appId: APP,
  name: { zh: '智慧考勤系统', en: 'Smart attendance' },
  vendor: '南宁智校科技有限公司',
  status: 'listed',
  suspended: true,
  versions: 3,
  pending: 1,
  suspendedVersions: 0,
};
const version = (id: string, v: string, state: AppVersions['versions'][number]['state'], extra = {}) => ({
  id,
  version: v,
  state,
  status:
    state === 'pending'
      ? ('pending_review' as const)
      : state === 'rejected'
        ? ('rejected' as const)
        : ('approved' as const),
  suspended: state === 'suspended',
  risk: 'low' as const,
  scopes: ['org:read'],
  changelog: '',
  submittedAt: '2026-11-20T08:30:00.000Z',
  reviewedAt: state === 'pending' ? null : '2026-11-20T09:00:00.000Z',
  reviewComment: null,
  autoApproved: false,
  installations: 0,
  ...extra,
});
const record: AppVersions = {
  appId: APP,
  name: card.name,
  vendor: { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c40', name: card.vendor },
  status: 'listed',
  suspended: true,
  suspendReason: '全面核查',
  latestVersionId: v1,
  versions: [
    version(v3, '1.2.0', 'pending'),
    version(v2, '1.1.0', 'rejected', { reviewComment: '界面文字有误，请修改后重新提交' }),
    version(v1, '1.0.0', 'approved', { installations: 12 }),
  ],
  log: [{ versionId: null, action: 'suspend_app', comment: '全面核查', at: '2026-11-21T10:00:00.000Z' }],
};

async function open() {
  const server = fakeApi({
    'GET /api/v1/marketplace/review/apps': () => ({ items: [card] }),
    [`GET /api/v1/marketplace/apps/${APP}/versions`]: () => record,
    [`POST /api/v1/marketplace/review/versions/${v1}/suspension`]: () => ({ affectedInstallations: 12 }),
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(SupervisionCard, {
    attachTo: document.body,
    global: { plugins: [pinia, createPortalI18n('zh-CN')] },
  });
  await settle();
  return { wrapper, server };
}

const q = (selector: string) => document.body.querySelector<HTMLElement>(selector);

async function type(testId: string, text: string) {
  const field = q(`[data-test="${testId}"]`)!;
  const input = (
    field.tagName === 'TEXTAREA' || field.tagName === 'INPUT' ? field : field.querySelector('textarea, input')
  ) as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new Event('input'));
  await settle();
}

// A confirm box without an input resolves with the action itself.
const confirmed = 'confirm' as unknown as MessageBoxData;

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('the suspension console', () => {
  it('lists every app, suspended and with pending work, and opens its versions with state and comment', async () => {
    const { wrapper } = await open();
    const app = q(`[data-app="${APP}"]`)!;
    expect(app.textContent).toContain('智慧考勤系统');
    expect(app.textContent).toContain('已暂停');
    expect(app.textContent).toContain('1 个待审核');
    app.click();
    await settle();
    const detail = q('[data-test="supervision-detail"]')!;
    expect(detail.textContent).toContain('整个应用已暂停：全面核查');
    expect(q(`[data-version-id="${v3}"] [data-state]`)!.textContent).toContain('待审核');
    expect(q(`[data-version-id="${v2}"] [data-state]`)!.textContent).toContain('已驳回');
    expect(detail.textContent).toContain('界面文字有误，请修改后重新提交');
    expect(q(`[data-version-id="${v1}"]`)!.textContent).toContain('12 所学校在用');
    wrapper.unmount();
  });

  it('suspends the version the reviewer picked from the list, by its id, after confirming', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue(confirmed);
    const { wrapper, server } = await open();
    q(`[data-app="${APP}"]`)!.click();
    await settle();
    const suspend = q('[data-test="suspend-version"]') as HTMLButtonElement;
    expect(suspend.disabled).toBe(true);
    (q(`[data-version-id="${v1}"] input`) as HTMLInputElement).click();
    await settle();
    expect(q('[data-test="supervision-detail"]')!.textContent).toContain('已选：版本 1.0.0');
    expect(suspend.disabled).toBe(true);
    await type('supervision-reason', '发现越权读取');
    expect(suspend.disabled).toBe(false);
    suspend.click();
    await settle();
    expect(confirm).toHaveBeenCalledOnce();
    expect(String(confirm.mock.calls[0]![0])).toContain('智慧考勤系统 1.0.0');
    const posted = server.calls.filter((c) => c.method === 'POST');
    expect(posted.map((c) => [c.path, c.body])).toEqual([
      [`/api/v1/marketplace/review/versions/${v1}/suspension`, { on: true, reason: '发现越权读取' }],
    ]);
    wrapper.unmount();
  });

  it('sends nothing when the reviewer cancels the confirmation', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel');
    const { wrapper, server } = await open();
    q(`[data-app="${APP}"]`)!.click();
    await settle();
    (q(`[data-version-id="${v1}"] input`) as HTMLInputElement).click();
    await type('supervision-reason', '发现越权读取');
    (q('[data-test="suspend-version"]') as HTMLButtonElement).click();
    await settle();
    expect(server.calls.filter((c) => c.method === 'POST')).toEqual([]);
    wrapper.unmount();
  });
});
