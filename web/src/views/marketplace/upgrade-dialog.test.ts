import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpgradePreview } from '../../api/marketplace-install.ts';
import { createPortalI18n } from '../../i18n/index.ts';
import { fakeApi } from '../../test-api.ts';
import { settle } from '../../test-utils.ts';
import UpgradeDialog from './UpgradeDialog.vue';

const id = '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const scope = (name: string, risk: 'low' | 'medium' | 'high', zh: string, explanation: string) => ({
  scope: name,
  risk,
  title: { zh, en: name },
  explanation: { zh: explanation, en: name },
});
const grown: UpgradePreview = {
  installationId: id,
  fromVersion: '1.2.0',
  toVersion: '1.3.0',
  added: [scope('people:read:contact', 'high', '读取联系方式', '可以看到学生家长的手机号')],
  removed: [scope('org:read', 'low', '读取组织架构', '可以看到年级和班级')],
  kept: [scope('people:read', 'medium', '读取人员名单', '可以看到本校师生的姓名和班级')],
  needsConsent: true,
};

async function open(
  preview: UpgradePreview,
  upgrade: () => unknown = () => ({ fromVersion: '1.2.0', toVersion: '1.3.0', approvedScopes: [] }),
) {
  const server = fakeApi({
    [`GET /api/v1/marketplace/installs/${id}/upgrade`]: () => preview,
    [`POST /api/v1/marketplace/installs/${id}/upgrade`]: upgrade,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(UpgradeDialog, {
    props: { installationId: id, name: '智慧考勤' },
    attachTo: document.body,
    global: { plugins: [pinia, createPortalI18n('zh-CN')] },
  });
  await settle();
  return { wrapper, server };
}

const q = (selector: string) => document.body.querySelector<HTMLElement>(selector);
const runButton = () => q('[data-test="upgrade-run"]') as HTMLButtonElement;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('upgrade with the permission diff', () => {
  it('shows added, removed and kept scopes in plain Chinese with their risk, and needs consent for the added', async () => {
    const { wrapper, server } = await open(grown);
    const added = q('[data-test="diff-added"]')!;
    expect(added.textContent).toContain('新增权限（1）');
    expect(added.textContent).toContain('读取联系方式');
    expect(added.textContent).toContain('可以看到学生家长的手机号');
    expect(added.textContent).toContain('高风险');
    expect(q('[data-test="diff-removed"]')!.textContent).toContain('读取组织架构');
    expect(q('[data-test="diff-kept"]')!.textContent).toContain('中风险');
    expect(q('[data-test="upgrade-dialog"]')!.textContent).toContain('从 1.2.0 升级到 1.3.0');
    expect(q('[data-test="upgrade-dialog"]')!.textContent).toContain('最小够用原则');

    expect(runButton().disabled).toBe(true);
    q('[data-test="upgrade-agree"] input')!.click();
    await settle();
    expect(runButton().disabled).toBe(false);
    runButton().click();
    await settle();
    const post = server.calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ consent: true });
    expect(wrapper.emitted('upgraded')).toEqual([['1.3.0']]);
    wrapper.unmount();
  });

  it('upgrades without a consent step when no scope was added', async () => {
    const { wrapper, server } = await open({ ...grown, added: [], needsConsent: false });
    expect(q('[data-test="diff-added"]')).toBeNull();
    expect(q('[data-test="upgrade-agree"]')).toBeNull();
    expect(runButton().disabled).toBe(false);
    runButton().click();
    await settle();
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({ consent: false });
    wrapper.unmount();
  });

  it('says so when already on the newest version, and shows the server refusal otherwise', async () => {
    const latest = await open({ ...grown, toVersion: null, added: [], removed: [], needsConsent: false });
    expect(q('[data-test="upgrade-latest"]')!.textContent).toContain('已是最新版本 1.2.0');
    expect(runButton().disabled).toBe(true);
    latest.wrapper.unmount();
    document.body.innerHTML = '';

    const refused = await open({ ...grown, added: [], needsConsent: false }, () =>
      Response.json(
        {
          error: {
            code: 'consent_required',
            message: '新版本申请了新的权限（people:read:contact），需要重新确认授权',
          },
        },
        { status: 409 },
      ),
    );
    runButton().click();
    await settle();
    expect(q('[role="alert"]')!.textContent).toContain('需要重新确认授权');
    expect(refused.wrapper.emitted('upgraded')).toBeUndefined();
    refused.wrapper.unmount();
  });
});
