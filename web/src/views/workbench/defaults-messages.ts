/** Messages of the role-default editor (kept beside it, so the shared locale files stay untouched). */
const zh = {
  wbDefaults: {
    open: '角色默认布局',
    title: '按角色设置默认工作台',
    lead: '没有自己调整过布局的人，会看到其角色的默认布局。拖动卡片调整顺序，点击眼睛图标隐藏卡片；改动立即保存。',
    role: '角色',
    notSet: '该角色尚未设置，显示的是平台默认布局',
    isSet: '已设置',
    remove: '清除该角色的默认',
    saved: '「{role}」的默认布局已保存',
    removed: '已清除「{role}」的默认布局',
    close: '关闭',
    roles: {
      school_admin: '学校管理员',
      it_admin: '信息中心管理员',
      head_teacher: '班主任',
      teacher: '教师',
      staff: '职工',
      student: '学生',
      parent: '家长',
    },
  },
};

export type WorkbenchDefaultsMessages = typeof zh;

const en: WorkbenchDefaultsMessages = {
  wbDefaults: {
    open: 'Role defaults',
    title: 'Default workbench per role',
    lead: 'People who have not arranged their own workbench see the default of their role. Drag cards to reorder, use the eye icon to hide; changes are saved at once.',
    role: 'Role',
    notSet: 'Not set for this role: the platform default is shown',
    isSet: 'Set',
    remove: "Clear this role's default",
    saved: 'Default for “{role}” saved',
    removed: 'Default for “{role}” cleared',
    close: 'Close',
    roles: {
      school_admin: 'School admin',
      it_admin: 'IT admin',
      head_teacher: 'Head teacher',
      teacher: 'Teacher',
      staff: 'Staff',
      student: 'Student',
      parent: 'Parent',
    },
  },
};

export const workbenchDefaultsMessages = { 'zh-CN': zh, en };

/** The school roles an admin sets defaults for, in the order the server prefers them. */
export const defaultRoles = [
  'school_admin',
  'it_admin',
  'head_teacher',
  'teacher',
  'staff',
  'student',
  'parent',
] as const;
export type DefaultRole = (typeof defaultRoles)[number];
