import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createPortalI18n } from './i18n/index.ts';
import { createPortalRouter } from './router/index.ts';

/**
 * Mounts a portal component the way the portal runs it: with Pinia, zh-CN messages and the
 * router (in memory), so component tests see what a user sees.
 *
 * @example
 * const wrapper = await mountPortal(WorkbenchPage);
 */
export async function mountPortal(component: Component) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createPortalRouter(createMemoryHistory());
  const wrapper = mount(component, {
    attachTo: document.body,
    global: { plugins: [pinia, createPortalI18n('zh-CN'), router] },
  });
  return wrapper;
}

/** Lets promises and Vue's scheduler settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}
