/** Deterministic, realistic Chinese names for the demo school people. */
const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
  '梁',
  '韦',
  '覃',
  '蒙',
];
const given = [
  '子涵',
  '欣怡',
  '梓萱',
  '浩然',
  '宇轩',
  '思远',
  '雨桐',
  '俊杰',
  '诗琪',
  '明轩',
  '嘉怡',
  '一诺',
  '博文',
  '佳琪',
  '晨阳',
  '若曦',
  '天佑',
  '可馨',
  '泽宇',
  '语嫣',
  '睿',
  '婷',
  '磊',
  '静怡',
];

export function demoName(i: number): string {
  return `${surnames[i % surnames.length]}${given[(i * 7 + Math.floor(i / surnames.length)) % given.length]}`;
}

export const primaryGrades = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'];
export const middleGrades = ['七年级', '八年级', '九年级'];

export const DEMO_PASSWORD = 'Campus@2026';

export interface DemoStaff {
  key: string;
  name: string;
  username: string;
  phone: string;
  tenant: 'platform' | 'county' | 'school-primary' | 'school-middle';
  membership: 'teacher' | 'staff' | null;
  grants: string[];
  /** Head teacher of this class (grade index, class number), for schools. */
  headOf?: [number, number];
  /** Department or teaching-research group name. */
  unit?: string;
}

export const demoStaff: DemoStaff[] = [
  {
    key: 'platform-admin',
    name: '覃振国',
    username: 'platform.admin',
    phone: '13907710001',
    tenant: 'platform',
    membership: 'staff',
    grants: ['platform_admin'],
  },
  {
    key: 'reviewer',
    name: '蒙晓岚',
    username: 'reviewer',
    phone: '13907710002',
    tenant: 'platform',
    membership: 'staff',
    grants: ['marketplace_reviewer'],
  },
  {
    key: 'vendor',
    name: '韦立新',
    username: 'vendor.dev',
    phone: '13907710003',
    tenant: 'platform',
    membership: null,
    grants: ['vendor_developer'],
  },
  {
    key: 'bureau-admin',
    name: '黄伟明',
    username: 'bureau.qingxiu',
    phone: '13907710010',
    tenant: 'county',
    membership: 'staff',
    grants: ['bureau_admin'],
  },
  {
    key: 'admin-primary',
    name: '梁秀英',
    username: 'admin.fenglin',
    phone: '13907711001',
    tenant: 'school-primary',
    membership: 'staff',
    grants: ['school_admin'],
    unit: '校长办公室',
  },
  {
    key: 'it-primary',
    name: '罗志强',
    username: 'it.fenglin',
    phone: '13907711002',
    tenant: 'school-primary',
    membership: 'staff',
    grants: ['it_admin'],
    unit: '信息中心',
  },
  {
    key: 'teacher-p1',
    name: '林美玲',
    username: 'linmeiling',
    phone: '13907711011',
    tenant: 'school-primary',
    membership: 'teacher',
    grants: [],
    headOf: [0, 1],
    unit: '语文教研组',
  },
  {
    key: 'teacher-p2',
    name: '何建华',
    username: 'hejianhua',
    phone: '13907711012',
    tenant: 'school-primary',
    membership: 'teacher',
    grants: [],
    headOf: [2, 1],
    unit: '数学教研组',
  },
  {
    key: 'teacher-p3',
    name: '周丽娟',
    username: 'zhoulijuan',
    phone: '13907711013',
    tenant: 'school-primary',
    membership: 'teacher',
    grants: [],
    headOf: [5, 2],
    unit: '英语教研组',
  },
  {
    key: 'admin-middle',
    name: '陈国华',
    username: 'admin.yongjiang',
    phone: '13907712001',
    tenant: 'school-middle',
    membership: 'staff',
    grants: ['school_admin'],
    unit: '校长办公室',
  },
  {
    key: 'teacher-m1',
    name: '张晓燕',
    username: 'zhangxiaoyan',
    phone: '13907712011',
    tenant: 'school-middle',
    membership: 'teacher',
    grants: [],
    headOf: [0, 2],
    unit: '语文教研组',
  },
  {
    key: 'teacher-m2',
    name: '刘伟',
    username: 'liuwei',
    phone: '13907712012',
    tenant: 'school-middle',
    membership: 'teacher',
    grants: [],
    headOf: [1, 1],
    unit: '数学教研组',
  },
  {
    key: 'teacher-m3',
    name: '杨帆',
    username: 'yangfan',
    phone: '13907712013',
    tenant: 'school-middle',
    membership: 'teacher',
    grants: [],
    unit: '物理教研组',
  },
];

/** The parent with a child in each demo school (logs in by SMS code or password). */
export const crossSchoolParent = { name: '陈静', username: 'chenjing', phone: '13907719001' };
