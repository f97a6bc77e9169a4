import { api } from './client.ts';
import type { components } from './openapi.gen.ts';

export type SchoolAdoption = components['schemas']['BureauSchoolAdoption'];

/** Enabled apps and device health per school below the bureau: counts only. */
export const bureauAdoption = () => api.get('/api/v1/bureau/adoption');
