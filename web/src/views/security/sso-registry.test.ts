import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Component, defineComponent, h } from 'vue';
import { ApiError } from '../../api/client.ts';
import { mountPortal, settle } from '../../test-utils.ts';
import AllowListField from './AllowListField.vue';
import { refusedUrls } from './messages.ts';
import SsoRegistryPanel from './SsoRegistryPanel.vue';
import {
  type SsoColumn,
  type SsoEntry,
  type SsoRegistryOptions,
  useSsoRegistry,
} from './use-sso-registry.ts';

/** A made-up kind of registered system, so the shared pieces are tested apart from OIDC and CAS. */
interface Portal extends SsoEntry {
  id: string;
  urls: string[];
}
interface PortalForm {
  name: string;
  urls: string;
}

const library: Portal = {
  id: 'p1',
  name: '凤岭实验小学图书馆',
  status: 'active',
  urls: ['https://lib.fenglin.example.edu.cn/a', 'https://lib.fenglin.example.edu.cn/b'],
};
let stored: Portal[];
let options: SsoRegistryOptions<Portal, PortalForm>;

beforeEach(() => {
  stored = [library];
  options = {
    list: vi.fn(async () => stored),
    blank: () => ({ name: '', urls: '' }),
    fromItem: (p) => ({ name: p.name, urls: p.urls.join('\n') }),
    problem: (form) => (refusedUrls(form.urls).length ? '地址不合要求' : null),
    create: vi.fn(async (form: PortalForm) => {
      stored = [...stored, { id: 'p2', name: form.name, status: 'active', urls: [form.urls] }];
    }),
    update: vi.fn(async () => undefined),
    setStatus: vi.fn(async (p: Portal, status: SsoEntry['status']) => {
      stored = stored.map((s) => (s.id === p.id ? { ...s, status } : s));
    }),
  };
});
afterEach(() => {
  document.body.innerHTML = '';
});

function harness(overrides: Partial<SsoRegistryOptions<Portal, PortalForm>> = {}): Component {
  const columns: Array<SsoColumn<Portal>> = [
    { key: 'urls', label: '地址', minWidth: 200, value: (p) => p.urls },
  ];
  return defineComponent({
    setup() {
      const registry = useSsoRegistry<Portal, PortalForm>({ ...options, ...overrides });
      return () =>
        h(
          // A generic SFC's type is a function of its props; h() wants a plain component.
          SsoRegistryPanel as unknown as Component,
          { registry, testId: 'portal', listTestId: 'portal-list', columns, actionsWidth: 150 },
          {
            fields: ({ form }: { form: PortalForm }) =>
              h(AllowListField, {
                label: '地址',
                testId: 'portal-urls',
                multiple: true,
                modelValue: form.urls,
                'onUpdate:modelValue': (value: string) => {
                  form.urls = value;
                },
              }),
          },
        );
    },
  });
}

const el = (testId: string) => document.body.querySelector(`[data-test="${testId}"]`) as HTMLElement;
const click = async (testId: string) => {
  el(testId).click();
  await settle();
};
/** The input or textarea an Element Plus field put its data-test on (the control itself or a wrapper). */
const field = (testId: string) => {
  const host = el(testId);
  return (host.matches('input, textarea') ? host : host.querySelector('input, textarea')) as HTMLInputElement;
};
const type = async (testId: string, value: string) => {
  const input = field(testId);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await settle();
};
const messageBox = async (button: 'confirm' | 'cancel') => {
  await settle();
  const selector = button === 'confirm' ? '.el-button--primary' : '.el-button:not(.el-button--primary)';
  (document.body.querySelector(`.el-message-box__btns ${selector}`) as HTMLElement).click();
  await settle();
};

describe('the shared SSO registry panel', () => {
  it('loads the list when mounted and shows a list column one value per line', async () => {
    const wrapper = await mountPortal(harness());
    await settle();
    expect(options.list).toHaveBeenCalledTimes(1);
    const cells = wrapper.findAll('[data-test="portal-list"] .cb-sso__cell').map((c) => c.text());
    expect(cells).toEqual(library.urls);
    expect(wrapper.get('[data-test="portal-list"]').text()).toContain('启用');
  });

  it('asks for a name and for acceptable addresses before sending anything', async () => {
    await mountPortal(harness());
    await settle();
    await click('portal-add');
    await click('portal-save');
    expect(document.body.textContent).toContain('请填写系统名称');
    await type('portal-name', '教务系统');
    await type('portal-urls', 'http://jw.example.com/cb');
    await click('portal-save');
    expect(document.body.textContent).toContain('地址不合要求');
    expect(options.create).not.toHaveBeenCalled();
  });

  it('creates, says 已保存, closes the dialog and reloads; or stays quiet when the panel shows its own result', async () => {
    const wrapper = await mountPortal(harness());
    await settle();
    await click('portal-add');
    await type('portal-name', '教务系统');
    await type('portal-urls', 'https://jw.example.com/cb');
    await click('portal-save');
    expect(options.create).toHaveBeenCalledWith({ name: '教务系统', urls: 'https://jw.example.com/cb' });
    expect(document.body.querySelector('.el-message--success')?.textContent).toContain('已保存');
    expect(wrapper.get('[data-test="portal-list"]').text()).toContain('教务系统');
    expect(options.list).toHaveBeenCalledTimes(2);
    wrapper.unmount();
    document.body.innerHTML = '';

    await mountPortal(harness({ announceCreate: false }));
    await settle();
    await click('portal-add');
    await type('portal-name', '图书馆');
    await type('portal-urls', 'https://lib.example.com/cb');
    await click('portal-save');
    expect(document.body.querySelector('.el-message--success')).toBeNull();
  });

  it('edits an entry from its own values and sends the changed form for that entry', async () => {
    await mountPortal(harness());
    await settle();
    await click('portal-edit');
    const urls = field('portal-urls');
    expect(urls.value).toBe(library.urls.join('\n'));
    await type('portal-urls', 'https://lib.fenglin.example.edu.cn/c');
    await click('portal-save');
    expect(options.update).toHaveBeenCalledWith(library, {
      name: library.name,
      urls: 'https://lib.fenglin.example.edu.cn/c',
    });
  });

  it('keeps the dialog open and shows the server’s message when saving fails', async () => {
    const refuse = vi.fn(async () => {
      throw new ApiError(409, 'conflict', '该回调地址已被本校的其他系统使用');
    });
    await mountPortal(harness({ create: refuse }));
    await settle();
    await click('portal-add');
    await type('portal-name', '教务系统');
    await type('portal-urls', 'https://jw.example.com/cb');
    await click('portal-save');
    expect(document.body.querySelector('.el-message--error')?.textContent).toContain(
      '该回调地址已被本校的其他系统使用',
    );
    expect(el('portal-name').closest('.el-dialog')).not.toBeNull();
    expect(field('portal-name').value).toBe('教务系统');
  });

  it('disables only after the admin confirms, and enables without asking', async () => {
    const wrapper = await mountPortal(harness());
    await settle();
    await click('portal-toggle');
    expect(document.body.querySelector('.el-message-box')?.textContent).toContain(
      '停用「凤岭实验小学图书馆」',
    );
    await messageBox('cancel');
    expect(options.setStatus).not.toHaveBeenCalled();

    await click('portal-toggle');
    await messageBox('confirm');
    expect(options.setStatus).toHaveBeenCalledWith(library, 'disabled');
    expect(wrapper.get('[data-test="portal-list"]').text()).toContain('已停用');

    await click('portal-toggle');
    expect(options.setStatus).toHaveBeenLastCalledWith({ ...library, status: 'disabled' }, 'active');
    expect(wrapper.get('[data-test="portal-list"]').text()).not.toContain('已停用');
  });
});

describe('the allow-list field', () => {
  it('names each refused address while the admin types, ignoring blank lines', async () => {
    await mountPortal(harness());
    await settle();
    await click('portal-add');
    const error = () => el('portal-urls').closest('.el-form-item')?.querySelector('.el-form-item__error');
    await type(
      'portal-urls',
      'https://ok.example.com/cb\n\nhttp://public.example.com/cb\nhttps://x.example.com/#frag',
    );
    // Element Plus shows a form item's error after a short debounce.
    await vi.waitFor(() =>
      expect(error()?.textContent).toBe(
        '以下地址不合要求：http://public.example.com/cb、https://x.example.com/#frag',
      ),
    );
    await type('portal-urls', 'https://ok.example.com/cb\nhttp://192.168.1.20/cb');
    await vi.waitFor(() => expect(error()).toBeFalsy());
  });

  it('applies the server’s rule: https, or http only on intranet hosts; no fragments or credentials', () => {
    expect(
      refusedUrls(
        [
          'https://jw.example.edu.cn/cb',
          'http://10.0.0.8/cb',
          'http://172.20.1.1/cb',
          'http://localhost:8080/cb',
          'http://172.32.0.1/cb',
          'http://jw.example.edu.cn/cb',
          'https://user:pw@jw.example.edu.cn/cb',
          'javascript:alert(1)',
          'not a url',
        ].join('\n'),
      ),
    ).toEqual([
      'http://172.32.0.1/cb',
      'http://jw.example.edu.cn/cb',
      'https://user:pw@jw.example.edu.cn/cb',
      'javascript:alert(1)',
      'not a url',
    ]);
  });
});
