import { describe, expect, it } from 'vitest';
import { credentialSealer, messageSealers } from '../sealing.ts';
import { fromAddress } from './email.ts';
import type { JobMessage } from './types.ts';
import { signWebhook, verifyWebhook } from './webhook.ts';
import { keyHint, robotKeyOf, robotUrl } from './wecom.ts';
import { robotMarkdown, WECOM_MARKDOWN_MAX_BYTES } from './wecom-markdown.ts';

const SECRET = 'test-secret-key-test-secret-key-0123456789';

describe('credential sealing', () => {
  it('opens what it sealed, and never stores the plain text', () => {
    const box = credentialSealer(SECRET, 'messages:webhook-secret');
    const sealed = box.seal('whsec_abc');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed)).toBe('whsec_abc');
    expect(box.seal('whsec_abc')).not.toBe(sealed);
  });

  it('refuses a value sealed for another purpose, with another secret, or altered', () => {
    const sealers = messageSealers(SECRET);
    const sealed = sealers.webhookSecret.seal('whsec_abc');
    expect(() => sealers.wecomKey.open(sealed)).toThrow();
    expect(() => messageSealers(`${SECRET}-other`).webhookSecret.open(sealed)).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    // Change the second-to-last character (all data bits; the last may carry padding bits).
    const changed = body!.at(-2) === 'A' ? 'B' : 'A';
    const flipped = `${body!.slice(0, -2)}${changed}${body!.slice(-1)}`;
    expect(() => sealers.webhookSecret.open([v, iv, tag, flipped].join('.'))).toThrow();
  });
});

describe('webhook signatures', () => {
  it('carries one v1 per secret during a rotation, and each verifies', () => {
    const header = signWebhook(['new-secret', 'old-secret'], '{"a":1}');
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhook('new-secret', '{"a":1}', header)).toBe(true);
    expect(verifyWebhook('old-secret', '{"a":1}', header)).toBe(true);
    expect(verifyWebhook('other', '{"a":1}', header)).toBe(false);
    expect(verifyWebhook('new-secret', '{"a":2}', header)).toBe(false);
  });

  it('refuses a signature older than the tolerance', () => {
    const old = signWebhook('s', 'body', Math.floor(Date.now() / 1000) - 600);
    expect(verifyWebhook('s', 'body', old)).toBe(false);
  });
});

describe('WeCom robot URLs', () => {
  const base = 'https://qyapi.weixin.qq.com';
  it('takes the key of the address WeCom shows', () => {
    const url = `${base}/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2bfa5aaaa`;
    expect(robotKeyOf(url, base)).toBe('693a91f6-7aaa-4bc4-97a0-0ec2bfa5aaaa');
    expect(robotUrl(base, 'abc12345-x')).toBe(`${base}/cgi-bin/webhook/send?key=abc12345-x`);
    expect(keyHint('693a91f6-7aaa-4bc4-97a0-0ec2bfa5aaaa')).toBe('aaaa');
  });

  it.each([
    ['another host', 'https://evil.example.cn/cgi-bin/webhook/send?key=693a91f6-7aaa'],
    ['plain http', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa'],
    ['a look-alike host', 'https://qyapi.weixin.qq.com.evil.cn/cgi-bin/webhook/send?key=693a91f6-7aaa'],
    ['another path', 'https://qyapi.weixin.qq.com/cgi-bin/message/send?key=693a91f6-7aaa'],
    ['extra parameters', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa&debug=1'],
    ['credentials in the URL', 'https://u:p@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa'],
    ['a short key', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc'],
    ['no key', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send'],
    ['not a URL', 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa'],
  ])('refuses %s', (_, url) => {
    expect(robotKeyOf(url, base)).toBeNull();
  });
});

const message = (text: string, extra: Partial<JobMessage> = {}): JobMessage => ({
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: '00000000-0000-4000-8000-000000000002',
  category: 'notice',
  priority: 'normal',
  senderName: '教务处',
  deepLink: null,
  createdAt: new Date('2026-11-22T06:30:00Z'),
  content: { title: '期中考试安排', text, html: '' },
  ...extra,
});

describe('WeCom markdown', () => {
  it('shows category, title, sender, Beijing time, text and a link', () => {
    const { content, truncated } = robotMarkdown(
      message('11月25日上午语文考试。'),
      'https://campus.example.cn/',
    );
    expect(truncated).toBe(false);
    expect(content).toContain('**【通知】期中考试安排**');
    expect(content).toContain('教务处 · 11/22 14:30');
    expect(content).toContain('11月25日上午语文考试。');
    expect(content).toContain('[查看详情](https://campus.example.cn/messages)');
  });

  it('flags urgent messages and links into the portal page', () => {
    const { content } = robotMarkdown(
      message('立即疏散', { priority: 'urgent', category: 'alert', deepLink: '/devices/1' }),
      'https://campus.example.cn',
    );
    expect(content).toMatch(/^<font color="warning">【紧急】<\/font>\*\*【告警】/);
    expect(content).toContain('(https://campus.example.cn/devices/1)');
  });

  it('keeps senders from adding markup or mentions', () => {
    const { content } = robotMarkdown(message('<font color="info">假通知</font> <@all>'), 'https://c.cn');
    expect(content).not.toContain('<font color="info">');
    expect(content).not.toContain('<@all>');
    expect(content).toContain('＜@all＞');
  });

  it('cuts long text at a character boundary within 4096 bytes and links to the inbox', () => {
    const long = '各位家长：'.repeat(2000);
    const { content, truncated } = robotMarkdown(message(long), 'https://campus.example.cn');
    expect(truncated).toBe(true);
    const size = Buffer.byteLength(content, 'utf8');
    expect(size).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(size).toBeGreaterThan(WECOM_MARKDOWN_MAX_BYTES - 10);
    expect(content).not.toContain('\uFFFD');
    expect(content.endsWith('[在消息中心查看全文](https://campus.example.cn/messages)')).toBe(true);
  });
});

describe('email sender', () => {
  it('keeps the address of SMTP_FROM and lets a school name itself', () => {
    expect(fromAddress('"青秀区教育云" <no-reply@qx.cn>')).toEqual({
      name: '青秀区教育云',
      address: 'no-reply@qx.cn',
    });
    expect(fromAddress('no-reply@qx.cn')).toEqual({ name: '', address: 'no-reply@qx.cn' });
    expect(fromAddress('青秀区教育云 <no-reply@qx.cn>', '凤林小学')).toEqual({
      name: '凤林小学',
      address: 'no-reply@qx.cn',
    });
  });
});
