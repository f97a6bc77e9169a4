import { api } from '../../api/client.ts';

/** 获取验证码: 202 whether or not an account has this number. */
export const sendLoginCode = (phone: string) => api.post('/api/v1/auth/sms/send', { body: { phone } });
/** The same LoginResult as the password login: MFA next, or logged in. */
export const smsLogin = (phone: string, code: string) =>
  api.post('/api/v1/auth/sms/login', { body: { phone, code } });
