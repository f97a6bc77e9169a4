import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../api/marketplace-review.ts';
import { createPortalI18n } from '../../../i18n/index.ts';
import { fakeApi } from '../../../test-api.ts';
import { settle } from '../../../test-utils.ts';
import ReviewQueue from './ReviewQueue.vue';

const id = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const item: QueueItem = {
  versionId: id,
  appId: 'cn.example.notice',
  name: '校园公告栏',
  vendor: '南宁云校科技',
  version: '1.0.0',
  risk: 'medium',
  scopes: ['people:read', 'messages:send'],
  firstVersion: true,
  checks: [
    { key: 'signature', ok: true, zh: '签名有效', en: 'Signature valid' },
    { key: 'smoke', ok: false, zh: '冒烟测试超时', en: 'Smoke test timed out' },
  ],
  changelog: '首次发布',
  uploadedAt: '2026-11-20T08:30:00.000Z',
};

async function open() {
  let queue: QueueItem[] = [item];
  const server = fakeApi({
    'GET /api/v1/marketplace/review/queue': () => ({ items: queue }),
    [`POST /api/v1/marketplace/review/versions/${id}/decision`]: () => {
      queue = [];
      return new Response(null, { status: 204 });
    },
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(ReviewQueue, {
    attachTo: document.body,
    global: { plugins: [pinia, createPortalI18n('zh-CN')] },
  });
  await settle();
  return { wrapper, server };
}

const q = (selector: string) => document.body.querySelector<HTMLElement>(selector);
const button = (name: string) => q(`[data-test="review-${name}"]`) as HTMLButtonElement;
const decisions = (server: Awaited<ReturnType<typeof open>>['server']) =>
  server.calls.filter((c) => c.method === 'POST');

async function type(text: string) {
  const field = q('[data-test="review-comment"]')!;
  const input = (
    field.tagName === 'TEXTAREA' ? field : field.querySelector('textarea')
  ) as HTMLTextAreaElement;
  input.value = text;
  input.dispatchEvent(new Event('input'));
  await settle();
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the review queue', () => {
  it('shows each version with its check report, scopes and first-version mark', async () => {
    const { wrapper } = await open();
    const card = q(`[data-version="${id}"]`)!;
    expect(card.textContent).toContain('校园公告栏');
    expect(card.textContent).toContain('cn.example.notice@1.0.0');
    expect(card.textContent).toContain('首个版本');
    expect(card.textContent).toContain('中风险');
    expect(card.textContent).toContain('messages:send');
    expect(q('[data-check="smoke"]')!.className).toContain('is-failed');
    expect(q('[data-check="smoke"]')!.textContent).toContain('冒烟测试超时');
    wrapper.unmount();
  });

  it('approves with the comment the reviewer wrote, then the queue is empty', async () => {
    const { wrapper, server } = await open();
    await type('  界面清晰，权限合理  ');
    button('approve').click();
    await settle();
    expect(decisions(server).map((c) => c.body)).toEqual([
      { decision: 'approve', comment: '界面清晰，权限合理' },
    ]);
    expect(q('[data-test="review-queue"]')!.textContent).toContain('没有待审核的版本');
    wrapper.unmount();
  });

  it('will not reject without a comment for the vendor, and sends it once written', async () => {
    const { wrapper, server } = await open();
    expect(button('reject').disabled).toBe(true);
    button('reject').click();
    await settle();
    expect(decisions(server)).toHaveLength(0);
    await type('   ');
    expect(button('reject').disabled).toBe(true);
    await type('冒烟测试超时，请修复后重新提交');
    expect(button('reject').disabled).toBe(false);
    button('reject').click();
    await settle();
    expect(decisions(server).map((c) => c.body)).toEqual([
      { decision: 'reject', comment: '冒烟测试超时，请修复后重新提交' },
    ]);
    wrapper.unmount();
  });
});
