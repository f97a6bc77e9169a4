import { api } from './client.ts';
import type { components, paths } from './openapi.gen.ts';

export type OrgUnit = components['schemas']['OrgUnit'];
export type Member = components['schemas']['Member'];
export type RoleGrant = components['schemas']['RoleGrant'];
export type Role = components['schemas']['Role'];
export type PeopleQuery = NonNullable<paths['/api/v1/people']['get']['query']>;

export const listUnits = () => api.get('/api/v1/org/units');
export const listPeople = (query: PeopleQuery) => api.get('/api/v1/people', { query });
export const listGrants = (personId: string) => api.get('/api/v1/role-grants', { query: { personId } });
export const listRoles = () => api.get('/api/v1/roles');
export const grantRole = (personId: string, role: string, orgUnitId: string | null) =>
  api.post('/api/v1/role-grants', { body: { personId, role, orgUnitId } });
export const revokeGrant = (grantId: string) =>
  api.delete('/api/v1/role-grants/{grantId}', { path: { grantId } });
