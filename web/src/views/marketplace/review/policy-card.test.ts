import { mount } from '@vue/test-utils';
import { ElMessageBox, type MessageBoxData } from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPortalI18n } from '../../../i18n/index.ts';
import { fakeApi } from '../../../test-api.ts';
import { settle } from '../../../test-utils.ts';
import PolicyCard from './PolicyCard.vue';

async function open(on: boolean) {
  let policy = { autoApproveUpdates: on, updatedAt: '2026-11-21T08:00:00.000Z' };
  const server = fakeApi({
    'GET /api/v1/marketplace/review/policy': () => policy,
    'PUT /api/v1/marketplace/review/policy': (call) => {
      policy = { ...(call.body as { autoApproveUpdates: boolean }), updatedAt: '2026-11-21T09:30:00.000Z' };
      return new Response(null, { status: 204 });
    },
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(PolicyCard, {
    attachTo: document.body,
    global: { plugins: [pinia, createPortalI18n('zh-CN')] },
  });
  await settle();
  return { wrapper, server };
}

const q = (selector: string) => document.body.querySelector<HTMLElement>(selector);
const toggle = async () => {
  const el = q('[data-test="review-policy-switch"]')!;
  (el.querySelector('input') ?? el).click();
  await settle();
};

// A confirm box without an input resolves with the action itself.
const confirmed = 'confirm' as unknown as MessageBoxData;

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('the auto-approval policy', () => {
  it('shows the policy as it stands, with when it last changed', async () => {
    const { wrapper } = await open(true);
    expect(q('[data-test="review-policy-state"]')!.textContent).toContain('已开启');
    expect(q('[data-test="review-policy"]')!.textContent).toContain('最近修改：2026-11-21 08:00');
    wrapper.unmount();
  });

  it('switches it off after the reviewer confirms, and shows the new state', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue(confirmed);
    const { wrapper, server } = await open(true);
    await toggle();
    expect(confirm).toHaveBeenCalledOnce();
    expect(server.calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { autoApproveUpdates: false },
    ]);
    expect(q('[data-test="review-policy-state"]')!.textContent).toContain('已关闭');
    wrapper.unmount();
  });

  it('changes nothing when the reviewer cancels', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel');
    const { wrapper, server } = await open(false);
    await toggle();
    expect(server.calls.filter((c) => c.method === 'PUT')).toEqual([]);
    expect(q('[data-test="review-policy-state"]')!.textContent).toContain('已关闭');
    wrapper.unmount();
  });
});
