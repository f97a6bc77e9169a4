import { describe, expect, it } from 'vitest';
import { classifyLogin, isValidNationalId, normalisePhone, protectNationalId } from './identifiers.ts';

describe('identifiers', () => {
  it('normalises mainland mobile numbers', () => {
    expect(normalisePhone('+86 138-0013-8000')).toBe('13800138000');
    expect(normalisePhone('12345')).toBeNull();
  });
  it('tells phone, email and username apart', () => {
    expect(classifyLogin('13800138000')).toEqual({ kind: 'phone', value: '13800138000' });
    expect(classifyLogin('Li@School.cn')).toEqual({ kind: 'email', value: 'li@school.cn' });
    expect(classifyLogin('admin.fenglin')).toEqual({ kind: 'username', value: 'admin.fenglin' });
  });
  it('checks the national ID check digit and keeps only a keyed hash and a mask', () => {
    expect(isValidNationalId('11010519491231002X')).toBe(true);
    expect(isValidNationalId('110105194912310021')).toBe(false);
    const p = protectNationalId('11010519491231002x', 'k');
    expect(p.masked).toBe('1101**********002X');
    expect(p.hash).not.toContain('1101051949');
    expect(protectNationalId('11010519491231002X', 'other').hash).not.toBe(p.hash);
  });
});
