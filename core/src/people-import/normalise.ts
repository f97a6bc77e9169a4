import type { LocalizedText } from '@campusbase/plugin-sdk/errors';

/** A cell that failed a rule: why, in both languages. */
export type Check<T> = { ok: true; value: T } | { ok: false; code: string; text: LocalizedText };

const fail = <T>(code: string, zh: string, en: string): Check<T> => ({ ok: false, code, text: { zh, en } });

export type Gender = 'male' | 'female';
export type StaffRole = 'teacher' | 'staff';
export type GuardianRelation = 'father' | 'mother' | 'grandparent' | 'other';

/** Full-width digits, letters and brackets as people type them in Chinese IMEs become ASCII. */
export function tidy(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** Mainland mobile numbers: 11 digits starting 1[3-9]; spaces, dashes and a +86 prefix are dropped. */
export function checkPhone(raw: string): Check<string> {
  const digits = tidy(raw)
    .replace(/[\s-]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(digits)) return { ok: true, value: digits };
  return fail(
    'invalid_phone',
    `手机号「${raw}」不是 11 位手机号码`,
    `"${raw}" is not an 11-digit mobile number`,
  );
}

export function checkName(raw: string): Check<string> {
  const name = tidy(raw);
  if (name.length === 0) return fail('required', '姓名不能为空', 'The name is empty');
  if (name.length > 50) return fail('too_long', '姓名超过 50 个字', 'The name is longer than 50 characters');
  if (/[<>{}\\|\d@]/.test(name)) {
    return fail(
      'invalid_name',
      `姓名「${name}」含有数字或符号`,
      `The name "${name}" contains digits or symbols`,
    );
  }
  return { ok: true, value: name };
}

/** Student and staff numbers: letters, digits and dashes, as schools print them on cards. */
export function checkNumber(raw: string, label: { zh: string; en: string }): Check<string> {
  const value = tidy(raw).replace(/\s/g, '');
  if (value.length === 0) return fail('required', `${label.zh}不能为空`, `The ${label.en} is empty`);
  if (!/^[0-9A-Za-z-]{1,32}$/.test(value)) {
    return fail(
      'invalid_number',
      `${label.zh}「${raw}」只能包含字母、数字和短横线，最长 32 位`,
      `The ${label.en} "${raw}" may hold only letters, digits and dashes, at most 32`,
    );
  }
  return { ok: true, value: value.toUpperCase() };
}

const genders: Record<string, Gender> = {
  男: 'male',
  m: 'male',
  male: 'male',
  '1': 'male',
  女: 'female',
  f: 'female',
  female: 'female',
  '2': 'female',
};

export function checkGender(raw: string): Check<Gender | null> {
  const key = tidy(raw).toLowerCase();
  if (key === '') return { ok: true, value: null };
  const gender = genders[key];
  if (gender) return { ok: true, value: gender };
  return fail(
    'invalid_gender',
    `性别「${raw}」请填写“男”或“女”`,
    `Gender "${raw}": write 男 (male) or 女 (female)`,
  );
}

export const genderLabel: Record<Gender, string> = { male: '男', female: '女' };

const roles: Record<string, StaffRole> = {
  教师: 'teacher',
  老师: 'teacher',
  专任教师: 'teacher',
  teacher: 'teacher',
  职员: 'staff',
  职工: 'staff',
  教辅: 'staff',
  行政: 'staff',
  工勤: 'staff',
  staff: 'staff',
};

export const roleLabel: Record<StaffRole, string> = { teacher: '教师', staff: '职员' };

/** Only teacher and staff come from a file; admin roles are granted one by one in the console. */
export function checkRole(raw: string): Check<StaffRole> {
  const key = tidy(raw).toLowerCase();
  if (key === '') return { ok: true, value: 'teacher' };
  const role = roles[key];
  if (role) return { ok: true, value: role };
  return fail(
    'invalid_role',
    `角色「${raw}」请填写“教师”或“职员”；管理员等角色请在“角色授权”中逐个授予`,
    `Role "${raw}": write 教师 (teacher) or 职员 (staff); grant admin roles one by one in Role grants`,
  );
}

const relations: Record<string, GuardianRelation> = {
  父亲: 'father',
  爸爸: 'father',
  父: 'father',
  father: 'father',
  母亲: 'mother',
  妈妈: 'mother',
  母: 'mother',
  mother: 'mother',
  祖父: 'grandparent',
  祖母: 'grandparent',
  爷爷: 'grandparent',
  奶奶: 'grandparent',
  外祖父: 'grandparent',
  外祖母: 'grandparent',
  外公: 'grandparent',
  外婆: 'grandparent',
  grandparent: 'grandparent',
  其他: 'other',
  其他监护人: 'other',
  监护人: 'other',
  other: 'other',
};

export const relationLabel: Record<GuardianRelation, string> = {
  father: '父亲',
  mother: '母亲',
  grandparent: '祖父母',
  other: '其他监护人',
};

export function checkRelation(raw: string): Check<GuardianRelation> {
  const key = tidy(raw).toLowerCase();
  if (key === '') return { ok: true, value: 'other' };
  const relation = relations[key];
  if (relation) return { ok: true, value: relation };
  return fail(
    'invalid_relation',
    `家长关系「${raw}」请填写父亲、母亲、祖父母或其他监护人`,
    `Relation "${raw}": write 父亲, 母亲, 祖父母 or 其他监护人`,
  );
}

export function checkEmail(raw: string): Check<string | null> {
  const value = tidy(raw).toLowerCase();
  if (value === '') return { ok: true, value: null };
  if (value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return { ok: true, value };
  return fail('invalid_email', `邮箱「${raw}」格式不正确`, `"${raw}" is not an email address`);
}

/** An org unit name: one level of the tree (年级, 班级, or one part of a department path). */
export function checkUnitName(raw: string, label: { zh: string; en: string }): Check<string> {
  const value = tidy(raw);
  if (value === '') return fail('required', `${label.zh}不能为空`, `The ${label.en} is empty`);
  if (value.length > 50)
    return fail('too_long', `${label.zh}超过 50 个字`, `The ${label.en} is longer than 50`);
  if (/[<>{}\\|]/.test(value)) {
    return fail(
      'invalid_unit',
      `${label.zh}「${value}」含有不允许的符号`,
      `The ${label.en} "${value}" has symbols`,
    );
  }
  return { ok: true, value };
}

/** A department as a path: "教务处/语文教研组" is a group under the academic office. */
export function checkDepartment(raw: string): Check<string[]> {
  const parts = tidy(raw)
    .split(/\s*[/／>＞]\s*/)
    .filter((part) => part !== '');
  if (parts.length === 0) return fail('required', '部门不能为空', 'The department is empty');
  if (parts.length > 4) {
    return fail(
      'too_deep',
      `部门「${raw}」层级过多，最多 4 级`,
      `The department "${raw}" is deeper than 4 levels`,
    );
  }
  const checked: string[] = [];
  for (const part of parts) {
    const one = checkUnitName(part, { zh: '部门', en: 'department' });
    if (!one.ok) return one;
    checked.push(one.value);
  }
  return { ok: true, value: checked };
}
