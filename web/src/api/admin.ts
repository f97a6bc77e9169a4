import { api } from './client.ts';
import type { components, paths } from './openapi.gen.ts';

export type AuditEntry = components['schemas']['AuditEntry'];
export type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['query']>;
export type SecurityPolicy = components['schemas']['SecurityPolicy'];

export const listAudit = (query: AuditQuery) => api.get('/api/v1/audit', { query });
export const verifyAudit = () => api.get('/api/v1/audit/verify');
export const getPolicy = () => api.get('/api/v1/security-policy');
export const putPolicy = (policy: SecurityPolicy) => api.put('/api/v1/security-policy', { body: policy });
