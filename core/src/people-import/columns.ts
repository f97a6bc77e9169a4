/**
 * The columns of the two roster files a school keeps: students (with class and parents) and staff
 * (with department). Headers are matched by their Chinese name or a common synonym, so a school can
 * upload the sheet it already has; export writes the canonical header, so an exported file imports
 * back unchanged.
 */

export type ImportKind = 'students' | 'staff';

export const importKinds: readonly ImportKind[] = ['students', 'staff'];

export interface ColumnSpec<K extends string = string> {
  key: K;
  /** The canonical header, written on export and in the template. */
  header: string;
  en: string;
  /** Other headers schools use for the same column (compared after normalising). */
  aliases: readonly string[];
  required: boolean;
  /** A sample value for the template and the docs. */
  example: string;
}

export type StudentField =
  | 'studentNo'
  | 'name'
  | 'gender'
  | 'grade'
  | 'className'
  | 'phone'
  | 'guardianName'
  | 'guardianPhone'
  | 'guardianRelation';

export type StaffField = 'staffNo' | 'name' | 'gender' | 'department' | 'phone' | 'email' | 'role';

export const studentColumns: readonly ColumnSpec<StudentField>[] = [
  {
    key: 'studentNo',
    header: '学号',
    en: 'Student number',
    aliases: ['学籍号', '学生编号', '编号', 'student no', 'student number', 'studentno'],
    required: true,
    example: '20250101',
  },
  {
    key: 'name',
    header: '姓名',
    en: 'Name',
    aliases: ['学生姓名', '名字', 'name'],
    required: true,
    example: '黄子涵',
  },
  { key: 'gender', header: '性别', en: 'Gender', aliases: ['gender', 'sex'], required: false, example: '女' },
  {
    key: 'grade',
    header: '年级',
    en: 'Grade',
    aliases: ['所在年级', 'grade'],
    required: true,
    example: '一年级',
  },
  {
    key: 'className',
    header: '班级',
    en: 'Class',
    aliases: ['所在班级', '班别', 'class'],
    required: true,
    example: '1班',
  },
  {
    key: 'phone',
    header: '手机号',
    en: 'Mobile',
    aliases: ['手机', '手机号码', '联系电话', '学生手机', 'phone', 'mobile'],
    required: false,
    example: '',
  },
  {
    key: 'guardianName',
    header: '家长姓名',
    en: 'Parent name',
    aliases: ['监护人姓名', '监护人', '家长', 'parent name', 'guardian name'],
    required: false,
    example: '黄伟',
  },
  {
    key: 'guardianPhone',
    header: '家长手机',
    en: 'Parent mobile',
    aliases: [
      '家长手机号',
      '家长电话',
      '家长联系电话',
      '监护人手机',
      '监护人电话',
      'parent phone',
      'guardian phone',
    ],
    required: false,
    example: '13907710001',
  },
  {
    key: 'guardianRelation',
    header: '家长关系',
    en: 'Relation',
    aliases: ['与学生关系', '关系', '监护人关系', 'relation'],
    required: false,
    example: '父亲',
  },
];

export const staffColumns: readonly ColumnSpec<StaffField>[] = [
  {
    key: 'staffNo',
    header: '工号',
    en: 'Staff number',
    aliases: ['教工号', '职工号', '编号', 'staff no', 'staff number', 'staffno'],
    required: true,
    example: 'T2015003',
  },
  {
    key: 'name',
    header: '姓名',
    en: 'Name',
    aliases: ['教师姓名', '名字', 'name'],
    required: true,
    example: '李秀兰',
  },
  { key: 'gender', header: '性别', en: 'Gender', aliases: ['gender', 'sex'], required: false, example: '女' },
  {
    key: 'department',
    header: '部门',
    en: 'Department',
    aliases: ['所在部门', '科室', '处室', '教研组', 'department'],
    required: true,
    example: '教务处/语文教研组',
  },
  {
    key: 'phone',
    header: '手机号',
    en: 'Mobile',
    aliases: ['手机', '手机号码', '联系电话', 'phone', 'mobile'],
    required: false,
    example: '13807710003',
  },
  {
    key: 'email',
    header: '邮箱',
    en: 'Email',
    aliases: ['电子邮箱', '电子邮件', 'email', 'e-mail'],
    required: false,
    example: 'lixiulan@fl.example.edu.cn',
  },
  {
    key: 'role',
    header: '角色',
    en: 'Role',
    aliases: ['岗位', '身份', '人员类别', 'role'],
    required: false,
    example: '教师',
  },
];

export function columnsOf(kind: ImportKind): readonly ColumnSpec[] {
  return kind === 'students' ? studentColumns : staffColumns;
}

/** The key column: the school's student or staff number, on which imports upsert. */
export function keyColumnOf(kind: ImportKind): ColumnSpec {
  return columnsOf(kind)[0]!;
}

/** Headers compare without spaces, full-width brackets, asterisks (required markers) or case. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s*＊:：]/g, '')
    .replace(/[(（][^)）]*[)）]/g, '')
    .toLowerCase();
}

export interface HeaderMatch {
  /** Zero-based position of each known field in the file's header row. */
  positions: Map<string, number>;
  /** Headers in the file that match no column; they are ignored and reported as warnings. */
  unknown: Array<{ index: number; header: string }>;
  /** Required columns the file lacks. */
  missing: ColumnSpec[];
  /** A header that appears twice; the first one is used. */
  duplicated: Array<{ index: number; header: string }>;
}

/**
 * Maps a file's header row onto the columns of `kind`.
 *
 * @example
 * matchHeaders('students', ['学号', '姓名', '年级', '班级']).missing // []
 */
export function matchHeaders(kind: ImportKind, headers: readonly string[]): HeaderMatch {
  const specs = columnsOf(kind);
  const lookup = new Map<string, string>();
  for (const spec of specs) {
    for (const name of [spec.header, spec.en, ...spec.aliases]) lookup.set(normaliseHeader(name), spec.key);
  }
  const positions = new Map<string, number>();
  const unknown: HeaderMatch['unknown'] = [];
  const duplicated: HeaderMatch['duplicated'] = [];
  headers.forEach((header, index) => {
    if (header.trim() === '') return;
    const key = lookup.get(normaliseHeader(header));
    if (!key) unknown.push({ index, header });
    else if (positions.has(key)) duplicated.push({ index, header });
    else positions.set(key, index);
  });
  const missing = specs.filter((spec) => spec.required && !positions.has(spec.key));
  return { positions, unknown, missing, duplicated };
}

/** How many of `headers` are known columns of either kind: finds the header row under a title row. */
export function knownHeaderCount(headers: readonly string[]): number {
  const all = new Set<string>();
  for (const kind of importKinds) {
    for (const spec of columnsOf(kind)) {
      for (const name of [spec.header, spec.en, ...spec.aliases]) all.add(normaliseHeader(name));
    }
  }
  return headers.filter((h) => h.trim() !== '' && all.has(normaliseHeader(h))).length;
}

/** Guesses the kind of a file from its headers: a 工号 or 部门 column means staff. */
export function guessKind(headers: readonly string[]): ImportKind {
  const staff = matchHeaders('staff', headers);
  const students = matchHeaders('students', headers);
  return staff.missing.length < students.missing.length ? 'staff' : 'students';
}
