import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BureauPick } from '../../../api/marketplace-bureau.ts';
import { fakeApi } from '../../../test-api.ts';
import { mountPortal, settle } from '../../../test-utils.ts';
import BureauPicksPage from './index.vue';

const attendance = {
  appId: 'cn.campusbase.attendance',
  name: { zh: '智慧考勤', en: 'Smart attendance' },
  summary: '闸机刷卡自动记录到校离校',
  category: 'management',
  vendor: '南宁智校科技有限公司',
  version: '0.1.0',
  risk: 'medium',
  installs: 0,
  rating: null,
  ratingCount: 0,
};
const permissions = [
  {
    scope: 'people:read:basic',
    risk: 'medium',
    title: { zh: '读取师生基本信息', en: 'Read basic people data' },
    explanation: { zh: '姓名、身份和所属班级', en: 'Names, roles and classes' },
  },
  {
    scope: 'org:read',
    risk: 'low',
    title: { zh: '读取组织架构', en: 'Read the org tree' },
    explanation: { zh: '校区、年级、班级', en: 'Campuses, grades, classes' },
  },
];
const deployed: BureauPick = {
  id: '5f0e3c1a-7b2d-4e8f-9a6b-1c2d3e4f5a6b',
  appId: attendance.appId,
  mode: 'deploy',
  mandatory: true,
  note: '全区统一使用',
  approvedScopes: ['org:read', 'people:read:basic'],
  at: '2026-11-21T01:30:00.000Z',
};

let picks: BureauPick[];
let server: ReturnType<typeof fakeApi>;

const zone = process.env.TZ;
beforeEach(() => {
  // The bureau is in China; Node reads TZ on each Date conversion.
  process.env.TZ = 'Asia/Shanghai';
  picks = [deployed];
  server = fakeApi({
    'GET /api/v1/marketplace/apps': () => ({ items: [attendance], total: 1 }),
    [`GET /api/v1/marketplace/apps/${attendance.appId}`]: () => ({
      appId: attendance.appId,
      name: attendance.name,
      suspended: false,
      latestVersion: '0.1.0',
      permissions,
      versions: [{ version: '0.1.0', suspended: false, releasedAt: '2026-11-20T08:00:00.000Z' }],
    }),
    'GET /api/v1/marketplace/bureau/picks': () => ({ items: picks }),
    'POST /api/v1/marketplace/bureau/picks': () =>
      Response.json({ pickId: deployed.id, schools: 2, installed: 2, failed: 0 }, { status: 201 }),
    [`DELETE /api/v1/marketplace/bureau/picks/${deployed.id}`]: () => {
      picks = [];
      return new Response(null, { status: 204 });
    },
  });
});
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const calls = (method: string, path: string) =>
  server.calls.filter((c) => c.method === method && c.path === path);
const messageBox = async (button: 'confirm' | 'cancel') => {
  await settle();
  const selector = button === 'confirm' ? '.el-button--primary' : '.el-button:not(.el-button--primary)';
  (document.body.querySelector(`.el-message-box__btns ${selector}`) as HTMLElement).click();
  await settle();
};

describe('推荐与统一部署 (bureau picks)', () => {
  it('lists what the bureau sent by app name, with 必装, in local time', async () => {
    const wrapper = await mountPortal(BureauPicksPage);
    await settle();
    const row = wrapper.get('[data-test="bureau-sent"] .el-table__body tr').text();
    expect(row).toContain('智慧考勤');
    expect(row).toContain('cn.campusbase.attendance');
    expect(row).toContain('统一部署');
    expect(row).toContain('必装');
    expect(row).toContain('09:30');
    expect(row).not.toContain('01:30');
  });

  it('deploys only after the bureau consents, with the scopes it read', async () => {
    const wrapper = await mountPortal(BureauPicksPage);
    await settle();
    // Choosing the app through the select's model, as picking an option does.
    const select = wrapper.findComponent({ name: 'ElSelect' });
    select.vm.$emit('update:modelValue', attendance.appId);
    await settle();
    expect(wrapper.get('[data-test="bureau-scopes"]').text()).toContain('读取师生基本信息');
    await wrapper.findAll('[data-test="bureau-mode"] .el-radio-button')[1]!.trigger('click');
    await settle();
    const submit = wrapper.get('[data-test="bureau-submit"]');
    expect(submit.attributes('disabled')).toBeDefined();
    await wrapper.get('[data-test="bureau-agree"] input').setValue(true);
    await settle();
    expect(submit.attributes('disabled')).toBeUndefined();
    await submit.trigger('click');
    await settle();
    expect(calls('POST', '/api/v1/marketplace/bureau/picks').at(-1)?.body).toEqual({
      appId: attendance.appId,
      mode: 'deploy',
      mandatory: false,
      consent: true,
      approvedScopes: ['people:read:basic', 'org:read'],
    });
  });

  it('withdraws a pick only after the bureau confirms', async () => {
    const wrapper = await mountPortal(BureauPicksPage);
    await settle();
    const path = `/api/v1/marketplace/bureau/picks/${deployed.id}`;
    await wrapper.get(`[data-test="withdraw-${attendance.appId}"]`).trigger('click');
    expect(document.body.querySelector('.el-message-box')?.textContent).toContain(
      '撤回对「智慧考勤」的统一部署',
    );
    await messageBox('cancel');
    expect(calls('DELETE', path)).toHaveLength(0);

    await wrapper.get(`[data-test="withdraw-${attendance.appId}"]`).trigger('click');
    await messageBox('confirm');
    expect(calls('DELETE', path)).toHaveLength(1);
    expect(wrapper.find('[data-test="bureau-sent"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('还没有推荐或部署应用');
  });
});
