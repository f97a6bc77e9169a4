import { api } from './client.ts';
import type { components } from './openapi.gen.ts';

export type PublicTenant = components['schemas']['PublicTenant'];
export type Branding = components['schemas']['Branding'];

export const getPublicTenant = (code: string) => api.get('/api/v1/tenants/{code}/public', { path: { code } });
