import 'element-plus/dist/index.css';
import 'element-plus/theme-chalk/dark/css-vars.css';
import './styles/portal.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { configureClient } from './api/client.ts';
import App from './App.vue';
import { createPortalI18n } from './i18n/index.ts';
import { createPortalRouter } from './router/index.ts';
import { usePreferences } from './stores/preferences.ts';
import { useSession } from './stores/session.ts';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const preferences = usePreferences(pinia);
const i18n = createPortalI18n(preferences.locale);
const router = createPortalRouter();
configureClient({
  locale: () => preferences.locale,
  onUnauthenticated: () => {
    const session = useSession(pinia);
    if (!session.loggedIn) return;
    session.clear();
    const current = router.currentRoute.value;
    if (!current.meta.public) void router.push({ name: 'login', query: { redirect: current.fullPath } });
  },
});
app.use(i18n);
app.use(router);
app.mount('#app');
