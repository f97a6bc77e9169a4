import { api } from './client.ts';
import type { components } from './openapi.gen.ts';

export type Launcher = components['schemas']['AppLauncher'];
export type LauncherApp = components['schemas']['LauncherApp'];
export type LauncherPage = LauncherApp['pages'][number];

/** The active school's enabled apps with their pages and menu entries, and the app UI origin. */
export const getLauncher = () => api.get('/api/v1/apps/launcher');
