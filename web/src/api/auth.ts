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

export type Session = components['schemas']['Session'];
export const mySessions = () => api.get('/api/v1/me/sessions');
export const revokeSession = (sessionId: string) =>
  api.delete('/api/v1/me/sessions/{sessionId}', { path: { sessionId } });
export const changePassword = (currentPassword: string, newPassword: string) =>
  api.post('/api/v1/me/password', { body: { currentPassword, newPassword } });
export const startTotp = () => api.post('/api/v1/me/mfa/totp');
export const confirmTotp = (code: string) => api.post('/api/v1/me/mfa/totp/confirm', { body: { code } });
export const bureauAggregates = () => api.get('/api/v1/bureau/aggregates');
