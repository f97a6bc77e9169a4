import { describe, expect, it } from 'vitest';
import { deploymentNotice } from './deployment-notice.ts';

const version = {
  version: '1.2.0',
  scopes: ['org:read', 'people:read'],
  manifest: { name: { zh: '智慧考勤', en: 'Attendance' } },
};
const deployment = {
  pickId: 'p1',
  appId: 'cn.campusbase.attendance',
  mandatory: true,
  approvedScopes: ['org:read', 'people:read', 'iot:read'],
};

describe('deploymentNotice', () => {
  it('names the bureau and the app, says it is mandatory, in zh-CN and en, keyed per installation', () => {
    const notice = deploymentNotice(deployment, '南宁市青秀区教育局', version, 'i1');
    expect(notice.title).toBe('南宁市青秀区教育局统一部署了「智慧考勤」');
    expect(notice.body).toContain('1.2.0');
    expect(notice.body).toContain('学校不能卸载或停用');
    expect(notice.en?.title).toBe('南宁市青秀区教育局 deployed "Attendance" to your school');
    expect(notice).toMatchObject({ key: 'marketplace:deployed:p1:i1', priority: 'high', category: 'notice' });
  });

  it('lists only the scopes the version still asks for, and says a school may remove an optional one', () => {
    const notice = deploymentNotice({ ...deployment, mandatory: false }, '青秀区教育局', version, 'i2');
    expect(notice.body).not.toContain('iot:read');
    expect(notice.body).toContain('学校可在');
    expect(notice.priority).toBe('normal');
  });
});
