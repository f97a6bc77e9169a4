import type { AppCategory } from '@campusbase/marketplace';

export const DEMO_VENDOR = {
  name: '南宁智校科技有限公司',
  contactEmail: 'dev@nnzx.example.cn',
  website: 'https://nnzx.example.cn',
};

export interface DemoListing {
  appId: string;
  folder: string;
  category: AppCategory;
  name?: { zh: string; en: string };
  summary: string;
  descriptionMd: string;
  tags: string[];
  changelog: string;
  recommendedByCounty?: boolean;
  /** Schools that have it installed, each by its admin's consent (scopes: all the app asks for). */
  installedIn?: DemoInstall[];
}

/** A demo installation: which school, whose consent, which scopes and settings. */
export interface DemoInstall {
  school: 'school-primary' | 'school-middle';
  /** The username of the school admin who consents. */
  admin: string;
  approvedScopes?: string[];
  settings?: Record<string, unknown>;
}

/** What the demo marketplace lists, in Chinese, as a vendor would write it. */
export const demoListings: DemoListing[] = [
  {
    appId: 'cn.nnzx.notice-board',
    folder: 'plugin-sdk/templates/notice-board',
    category: 'teaching',
    summary: '班主任和任课教师发布班级公告，可置顶并同步通知家长',
    descriptionMd: [
      '## 班级公告栏',
      '',
      '班主任和任课教师在班级公告栏发布通知，学生和家长在工作台即可查看。',
      '',
      '- 按班级发布公告，支持置顶（每班置顶条数可在设置中调整）',
      '- 发布时可同时通过消息中心通知学生和家长',
      '- 只读取本校的班级结构，**不读取任何个人联系方式**',
      '',
      '> 适用于小学、初中各年级。',
    ].join('\n'),
    tags: ['公告', '通知', '家校'],
    changelog: '首个版本：按班级发布公告、置顶、通知家长。',
    recommendedByCounty: true,
    installedIn: [
      { school: 'school-middle', admin: 'admin.yongjiang' },
      // 凤岭 reads its class structure only: it posts without messaging pupils or parents.
      {
        school: 'school-primary',
        admin: 'admin.fenglin',
        approvedScopes: ['org:read'],
        settings: { notifyClass: false, maxPinned: 3 },
      },
    ],
  },
  {
    appId: 'cn.campusbase.attendance',
    folder: 'sample-apps/attendance',
    category: 'management',
    summary: '闸机刷卡自动记录到校离校，课堂点名与请假联动，缺勤及时通知家长',
    descriptionMd: [
      '## 智慧考勤',
      '',
      '- 校门闸机、刷卡机的刷卡记录自动生成到校、离校记录',
      '- 教师按课堂点名，自动结合已批准的请假',
      '- 到校、缺勤及时通知家长；8:30 未到校预警',
      '- 日报、周报一键导出',
    ].join('\n'),
    tags: ['考勤', '点名', '请假', '闸机'],
    changelog: '首个版本。',
  },
  {
    appId: 'cn.campusbase.timetabling',
    folder: 'sample-apps/timetabling',
    category: 'teaching',
    summary: '录入班级、教师、教室和课时要求，自动排出无冲突的课表并发布到班牌',
    descriptionMd: [
      '## 智能排课',
      '',
      '- 支持硬约束（教师不冲突、教室不冲突）和软约束（连堂、午后不排主科等）',
      '- 自动求解并显示进度，硬冲突始终为零',
      '- 手工微调时实时检查冲突，发布到电子班牌，导出 Excel',
    ].join('\n'),
    tags: ['排课', '课表', '班牌'],
    changelog: '首个版本。',
  },
  {
    appId: 'cn.campusbase.assets',
    folder: 'sample-apps/assets',
    category: 'devices',
    summary: '设备资产登记、借用归还审批、报修、扫码盘点与折旧',
    descriptionMd: [
      '## 设备资产',
      '',
      '- 资产分类登记与二维码标签',
      '- 借用、归还审批和报修工单',
      '- 扫码盘点，自动计算折旧',
    ].join('\n'),
    tags: ['资产', '设备', '盘点'],
    changelog: '首个版本。',
  },
];
