import { api } from './client.ts';
import type { components, paths } from './openapi.gen.ts';

export type OidcClient = components['schemas']['OidcClient'];
export type OidcClientWithSecret = components['schemas']['OidcClientWithSecret'];
export type CasService = components['schemas']['CasService'];
export type OidcClientInput = paths['/api/v1/sso/oidc/clients']['post']['body'];
export type OidcClientPatch = paths['/api/v1/sso/oidc/clients/{clientId}']['patch']['body'];
export type CasServiceInput = paths['/api/v1/sso/cas/services']['post']['body'];
export type CasServicePatch = paths['/api/v1/sso/cas/services/{id}']['patch']['body'];

export const listOidcClients = () => api.get('/api/v1/sso/oidc/clients');
export const createOidcClient = (body: OidcClientInput) => api.post('/api/v1/sso/oidc/clients', { body });
export const updateOidcClient = (clientId: string, body: OidcClientPatch) =>
  api.patch('/api/v1/sso/oidc/clients/{clientId}', { path: { clientId }, body });
export const resetOidcSecret = (clientId: string) =>
  api.post('/api/v1/sso/oidc/clients/{clientId}/secret', { path: { clientId } });
export const listCasServices = () => api.get('/api/v1/sso/cas/services');
export const createCasService = (body: CasServiceInput) => api.post('/api/v1/sso/cas/services', { body });
export const updateCasService = (id: string, body: CasServicePatch) =>
  api.patch('/api/v1/sso/cas/services/{id}', { path: { id }, body });
