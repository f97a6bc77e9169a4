import { api } from './client.ts';
import type { components } from './openapi.gen.ts';

export type Me = components['schemas']['Me'];
export type LoginResult = components['schemas']['LoginResult'];
export type MySchool = Me['tenants'][number];

export const login = (login: string, password: string) =>
  api.post('/api/v1/auth/login', { body: { login, password } });
export const verifyTotp = (code: string) => api.post('/api/v1/auth/mfa/verify', { body: { code } });
export const verifyRecoveryCode = (recoveryCode: string) =>
  api.post('/api/v1/auth/mfa/verify', { body: { recoveryCode } });
export const logout = () => api.post('/api/v1/auth/logout');
export const getMe = () => api.get('/api/v1/me');
export const switchSchool = (tenantId: string) =>
  api.post('/api/v1/me/active-tenant', { body: { tenantId } });
