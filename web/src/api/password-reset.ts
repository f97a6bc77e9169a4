import { api } from './client.ts';
import type { components } from './openapi.gen.ts';

export type ResetGrant = components['schemas']['PasswordResetGrant'];
export type PasswordOptions = components['schemas']['PasswordOptions'];

export const sendResetCode = (phone: string) =>
  api.post('/api/v1/auth/password-reset/sms', { body: { phone } });
export const sendResetLink = (email: string) =>
  api.post('/api/v1/auth/password-reset/email', { body: { email } });
export const verifyResetCode = (phone: string, code: string) =>
  api.post('/api/v1/auth/password-reset/verify', { body: { phone, code } });
export const verifyResetLink = (token: string) =>
  api.post('/api/v1/auth/password-reset/verify', { body: { token } });
export const completeReset = (body: {
  ticket: string;
  newPassword: string;
  totpCode?: string;
  recoveryCode?: string;
}) => api.post('/api/v1/auth/password-reset/complete', { body });
export const passwordOptions = () => api.get('/api/v1/me/password/options');
/** Without the current password: allowed for 5 minutes after an SMS-code login. */
export const setPasswordAfterSms = (newPassword: string) =>
  api.post('/api/v1/me/password', { body: { newPassword } });
