import type { TenantKind } from '../tenancy/tenancy.table.ts';

export interface DemoTenant {
  key: string;
  parent: string | null;
  kind: TenantKind;
  name: string;
  code: string;
  branding?: {
    displayName: string;
    themeColor: string;
    motto: string;
    logoUrl?: string;
    loginBackgroundUrl?: string;
  };
}

/**
 * A realistic demo region: the Guangxi guide (2023) is the one our design follows most closely.
 * Codes are administrative-division codes for bureaus and 10-digit school identifiers (一校一码).
 */
export const demoRegion: DemoTenant[] = [
  { key: 'platform', parent: null, kind: 'platform', name: 'CampusBase 区域教育数字基座', code: 'platform' },
  { key: 'province', parent: 'platform', kind: 'province', name: '广西壮族自治区教育厅', code: '450000' },
  { key: 'city', parent: 'province', kind: 'city', name: '南宁市教育局', code: '450100' },
  { key: 'county', parent: 'city', kind: 'county', name: '南宁市青秀区教育局', code: '450103' },
  {
    key: 'school-primary',
    parent: 'county',
    kind: 'school',
    name: '南宁市青秀区凤岭实验小学',
    code: '2145010301',
    branding: { displayName: '凤岭实验小学', themeColor: '#1A7F5A', motto: '明德 笃学 健体 尚美' },
  },
  {
    key: 'school-middle',
    parent: 'county',
    kind: 'school',
    name: '南宁市青秀区邕江初级中学',
    code: '2145010302',
    branding: { displayName: '邕江初级中学', themeColor: '#B8322A', motto: '厚德 博学 求实 创新' },
  },
];
