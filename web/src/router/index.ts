import {
  createRouter,
  createWebHistory,
  type RouteRecordRaw,
  type Router,
  type RouterHistory,
} from 'vue-router';
import { useSession } from '../stores/session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean;
    /** i18n key of the page title. */
    title?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/login/index.vue'),
    meta: { public: true, title: 'login.title' },
  },
  // A school's own address: /s/2145010301 opens its branded login page (千校千面).
  { path: '/s/:code', redirect: (to) => ({ path: '/login', query: { school: String(to.params.code) } }) },
  {
    path: '/',
    component: () => import('../layouts/ShellLayout.vue'),
    children: [
      {
        path: '',
        name: 'workbench',
        component: () => import('../views/workbench/index.vue'),
        meta: { title: 'shell.workbench' },
      },
      {
        path: 'people',
        name: 'people',
        component: () => import('../views/people/org/index.vue'),
        meta: { title: 'org.title' },
      },
      {
        path: 'people/import',
        name: 'people-import',
        component: () => import('../views/people/import/index.vue'),
        meta: { title: 'peopleImport.title' },
      },
      {
        path: 'devices',
        name: 'devices',
        component: () => import('../views/devices/index.vue'),
        meta: { title: 'devices.title' },
      },
      {
        path: 'devices/:id',
        name: 'device',
        component: () => import('../views/devices/detail.vue'),
        meta: { title: 'devices.title' },
      },
      {
        path: 'me/security',
        name: 'security',
        component: () => import('../views/me/security.vue'),
        meta: { title: 'security.title' },
      },
      {
        path: 'admin/security',
        name: 'admin-security',
        component: () => import('../views/admin/security.vue'),
        meta: { title: 'admin.title' },
      },
      {
        path: 'bureau',
        name: 'bureau',
        component: () => import('../views/bureau/index.vue'),
        meta: { title: 'bureau.title' },
      },
      {
        path: 'marketplace',
        name: 'marketplace',
        component: () => import('../views/marketplace/index.vue'),
        meta: { title: 'market.title' },
      },
      {
        path: 'marketplace/vendor',
        name: 'market-vendor',
        component: () => import('../views/marketplace/vendor/index.vue'),
        meta: { title: 'marketOps.vendor.title' },
      },
      {
        path: 'marketplace/review',
        name: 'market-review',
        component: () => import('../views/marketplace/review/index.vue'),
        meta: { title: 'marketOps.review.title' },
      },
      {
        path: 'marketplace/bureau',
        name: 'market-bureau',
        component: () => import('../views/marketplace/bureau/index.vue'),
        meta: { title: 'marketOps.bureau.title' },
      },
      {
        // An installed app's page, from the app origin in the sandboxed frame.
        path: 'apps/:installationId/:page?',
        name: 'app',
        component: () => import('../views/apps/index.vue'),
        meta: { title: 'apps.title' },
      },
      {
        path: 'messages',
        name: 'messages',
        component: () => import('../views/messages/index.vue'),
        meta: { title: 'messages.title' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../views/not-found/index.vue'),
    meta: { public: true, title: 'common.notFound' },
  },
];

/**
 * The portal's routes: every page is loaded lazily, and everything except the login page needs a
 * session.
 */
export function createPortalRouter(history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({ history, routes });
  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    const session = useSession();
    if (await session.ensure()) return true;
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  });
  return router;
}
