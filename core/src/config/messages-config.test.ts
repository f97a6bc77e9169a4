import { describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from './index.ts';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
};

describe('message centre settings', () => {
  it('has defaults: the CampusBase SMS signature, WeCom itself, no gateways', () => {
    const config = loadConfig({});
    expect(config.SMS_SIGNATURE).toBe('CampusBase');
    expect(config.WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com');
    expect(config.SMS_HTTP_URL).toBeUndefined();
    expect(config.SMTP_FROM).toBeUndefined();
  });

  it.each([
    'no-reply@qxedu.example.cn',
    '青秀区教育云 <no-reply@qxedu.example.cn>',
    '"Qingxiu Education" <no-reply@qxedu.example.cn>',
  ])('takes SMTP_FROM=%s', (from) => {
    expect(loadConfig({ SMTP_FROM: from }).SMTP_FROM).toBe(from);
  });

  it.each([
    'no-reply',
    'Name no-reply@x.cn',
    '<no-reply@x.cn>',
    'a@b.cn, c@d.cn',
    'Name <a@b.cn>\r\nBcc: c@d.cn',
  ])('refuses SMTP_FROM=%j and shows an example', (from) => {
    const [problem] = problems({ SMTP_FROM: from });
    expect(problem?.variable).toBe('SMTP_FROM');
    expect(problem?.problem).toContain('must be an email address or "Name <address>"');
    expect(problem?.example).toContain('<no-reply@');
  });

  it('checks SMS gateway URLs and tokens, and never echoes a token', () => {
    expect(problems({ SMS_HTTP_URL: 'ftp://sms.cn' })[0]?.problem).toContain('must be an http(s) URL');
    const [token] = problems({ SMS_HTTP_URL: 'https://sms.cn/send', SMS_HTTP_TOKEN: 'has space' });
    expect(token?.variable).toBe('SMS_HTTP_TOKEN');
    expect(token?.problem).toContain('***');
    expect(token?.problem).not.toContain('has space');
  });

  it('refuses a token or a fallback without its primary URL', () => {
    const found = problems({ SMS_HTTP_TOKEN: 'abc', SMS_HTTP_FALLBACK_URL: 'https://b.cn/send' }).map(
      (p) => p.variable,
    );
    expect(found.sort()).toEqual(['SMS_HTTP_FALLBACK_URL', 'SMS_HTTP_TOKEN']);
    expect(
      loadConfig({ SMS_HTTP_URL: 'https://a.cn/send', SMS_HTTP_FALLBACK_URL: 'https://b.cn/send' })
        .SMS_HTTP_FALLBACK_URL,
    ).toBe('https://b.cn/send');
  });

  it('takes a registered SMS signature and refuses brackets or a wrong length', () => {
    expect(loadConfig({ SMS_SIGNATURE: '青秀教育' }).SMS_SIGNATURE).toBe('青秀教育');
    for (const bad of ['【青秀】', '青', '这个签名已经远远超过十二个字符了']) {
      expect(problems({ SMS_SIGNATURE: bad })[0]?.variable).toBe('SMS_SIGNATURE');
    }
  });

  it('lets tests stand in for WeCom, but not production', () => {
    expect(loadConfig({ WECOM_API_BASE: 'http://127.0.0.1:4010' }).WECOM_API_BASE).toBe(
      'http://127.0.0.1:4010',
    );
    expect(problems({ WECOM_API_BASE: 'http://127.0.0.1:4010/cgi-bin' })[0]?.variable).toBe('WECOM_API_BASE');
    const [prod] = problems({ NODE_ENV: 'production', WECOM_API_BASE: 'http://127.0.0.1:4010' });
    expect(prod?.variable).toBe('WECOM_API_BASE');
    expect(prod?.problem).toContain('must be https://qyapi.weixin.qq.com when NODE_ENV=production');
    expect(loadConfig({ NODE_ENV: 'production' }).WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com');
  });
});
