import { api } from './client.ts';
import type { components } from './openapi.gen.ts';

export type WorkbenchDefaultLayout = components['schemas']['WorkbenchLayout'];
export type WorkbenchDefaults = components['schemas']['WorkbenchDefaults']['defaults'];

/** The school's default layout for my roles in the active school (nulls when none). */
export const getMyWorkbenchDefault = () => api.get('/api/v1/workbench/default');
export const getWorkbenchDefaults = () => api.get('/api/v1/workbench/defaults');
export const putWorkbenchDefaults = (defaults: WorkbenchDefaults) =>
  api.put('/api/v1/workbench/defaults', { body: { defaults } });
