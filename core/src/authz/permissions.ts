import type { TenantKind } from '../tenancy/tenancy.table.ts';

/**
 * Permission strings. A role is a named set of them; a grant holds a role over an org subtree.
 * Other domains may check strings of their own, but a school can only bundle the ones listed
 * here into custom roles, so that nobody invents a permission the platform does not enforce.
 */
export const PERMISSIONS = [
  'org:read',
  'org:write',
  'people:read',
  'people:read:contact',
  'people:write',
  'roles:grant',
  'roles:manage',
  'sessions:manage',
  'credentials:reset',
  'audit:read',
  'settings:write',
  'apps:install',
  'devices:manage',
  'messages:send',
  'forms:design',
  'children:read',
  'bureau:aggregates:read',
  'platform:tenants:write',
  'marketplace:publish',
  'marketplace:review',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const known = new Set<string>(PERMISSIONS);
export function isPermission(value: string): value is Permission {
  return known.has(value);
}

/**
 * Permissions that change other people's data, rights or the school's security. When a tenant's
 * policy requires MFA for administrators, these are withheld from a session until MFA is verified.
 */
export const ADMIN_PERMISSIONS: ReadonlySet<string> = new Set([
  'org:write',
  'people:write',
  'roles:grant',
  'roles:manage',
  'sessions:manage',
  'credentials:reset',
  'audit:read',
  'settings:write',
  'apps:install',
  'devices:manage',
  'platform:tenants:write',
  'marketplace:review',
]);

export interface BuiltInRole {
  key: string;
  name: { zh: string; en: string };
  permissions: ReadonlyArray<Permission>;
  /** The tenant kinds in which this role may be granted. */
  tenantKinds: ReadonlyArray<TenantKind>;
}

const bureaus: TenantKind[] = ['province', 'city', 'county'];

export const BUILT_IN_ROLES: ReadonlyArray<BuiltInRole> = [
  {
    key: 'platform_admin',
    name: { zh: '平台管理员', en: 'Platform admin' },
    permissions: [
      'platform:tenants:write',
      'bureau:aggregates:read',
      'audit:read',
      'sessions:manage',
      'roles:grant',
      'org:read',
      'people:read',
      'settings:write',
    ],
    tenantKinds: ['platform'],
  },
  {
    key: 'bureau_admin',
    name: { zh: '教育局管理员', en: 'Bureau admin' },
    permissions: ['bureau:aggregates:read', 'audit:read', 'roles:grant', 'people:read', 'org:read'],
    tenantKinds: bureaus,
  },
  {
    key: 'school_admin',
    name: { zh: '学校管理员', en: 'School admin' },
    permissions: [
      'org:read',
      'org:write',
      'people:read',
      'people:read:contact',
      'people:write',
      'roles:grant',
      'roles:manage',
      'sessions:manage',
      'credentials:reset',
      'audit:read',
      'settings:write',
      'apps:install',
      'devices:manage',
      'messages:send',
      'forms:design',
    ],
    tenantKinds: ['school'],
  },
  {
    key: 'it_admin',
    name: { zh: '信息中心管理员', en: 'IT admin' },
    permissions: [
      'org:read',
      'people:read',
      'sessions:manage',
      'credentials:reset',
      'audit:read',
      'apps:install',
      'devices:manage',
    ],
    tenantKinds: ['school', ...bureaus],
  },
  {
    key: 'teacher',
    name: { zh: '教师', en: 'Teacher' },
    permissions: ['org:read', 'people:read', 'messages:send'],
    tenantKinds: ['school'],
  },
  {
    key: 'head_teacher',
    name: { zh: '班主任', en: 'Head teacher' },
    permissions: ['org:read', 'people:read', 'people:read:contact', 'messages:send'],
    tenantKinds: ['school'],
  },
  {
    key: 'staff',
    name: { zh: '职工', en: 'Staff' },
    permissions: ['org:read'],
    tenantKinds: ['school', ...bureaus, 'platform'],
  },
  { key: 'student', name: { zh: '学生', en: 'Student' }, permissions: [], tenantKinds: ['school'] },
  {
    key: 'parent',
    name: { zh: '家长', en: 'Parent' },
    permissions: ['children:read'],
    tenantKinds: ['school'],
  },
  {
    key: 'vendor_developer',
    name: { zh: '应用开发商', en: 'Vendor developer' },
    permissions: ['marketplace:publish'],
    tenantKinds: ['platform'],
  },
  {
    key: 'marketplace_reviewer',
    name: { zh: '应用审核员', en: 'Marketplace reviewer' },
    permissions: ['marketplace:review'],
    tenantKinds: ['platform'],
  },
];

const byKey = new Map(BUILT_IN_ROLES.map((role) => [role.key, role]));

export function builtInRole(key: string): BuiltInRole | undefined {
  return byKey.get(key);
}
