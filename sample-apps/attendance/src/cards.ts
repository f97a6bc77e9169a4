import {
  InputError,
  isJsonObject,
  type JsonValue,
  NotFoundError,
  type RouteRequest,
  reply,
  type TransactionOperation,
} from '@campusbase/plugin-sdk';
import type { Card, Context } from './types.ts';
import { applyAll, bodyOf, currentUser, findAll } from './util.ts';

const MAX_ROWS = 500;

/**
 * Fills a row's name and class from the platform's people and org (一数一源: the roster keeps
 * only the card number as its own data) when the admin approved those scopes.
 */
async function complete(
  row: Partial<Card> & { cardNo: string; studentId: string },
  context: Context,
): Promise<Card | string> {
  let { studentName, classId, className } = row;
  if ((!studentName || !classId) && context.hasScope('people:read:basic')) {
    const person = await context.people.get(row.studentId);
    if (person?.kind !== 'student') return '平台中没有这名学生';
    studentName ??= person.name;
    classId ??= person.orgUnitIds[0];
  }
  if (classId && !className && context.hasScope('org:read'))
    className = (await context.org.get(classId))?.name;
  // The platform's guardian links are the source of truth; the roster keeps a copy for the leave
  // form and for schools that did not approve people:read:guardians.
  let guardianIds = row.guardianIds ?? [];
  if (context.hasScope('people:read:guardians')) {
    try {
      guardianIds = (await context.people.guardiansOf(row.studentId)).map((guardian) => guardian.id);
    } catch (error) {
      if (error instanceof NotFoundError) return '平台中没有这名在读学生';
      throw error;
    }
  }
  if (!studentName || !classId) return '缺少学生姓名或班级（或未批准读取师生信息）';
  return {
    cardNo: row.cardNo,
    studentId: row.studentId,
    studentName,
    classId,
    className: className ?? classId,
    guardianIds,
  };
}

function readRow(value: JsonValue, index: number) {
  const row = isJsonObject(value) ? value : {};
  const text = (key: string) =>
    typeof row[key] === 'string' && row[key] !== '' ? (row[key] as string) : undefined;
  const cardNo = text('cardNo');
  const studentId = text('studentId');
  if (!cardNo || !/^[0-9A-Za-z]{4,20}$/.test(cardNo) || !studentId)
    return `第 ${index + 1} 行：卡号（4–20 位字母或数字）和学生 ID 必填`;
  const guardians = row['guardianIds'];
  const guardianIds = Array.isArray(guardians)
    ? guardians.filter((id): id is string => typeof id === 'string' && id !== '')
    : undefined;
  return {
    cardNo,
    studentId,
    studentName: text('studentName'),
    classId: text('classId'),
    className: text('className'),
    guardianIds,
  };
}

/** Imports rows `{ cardNo, studentId, studentName?, classId?, className?, guardianIds? }`; upserts by card number. */
export async function importCards(request: RouteRequest, context: Context) {
  const rows = bodyOf(request.body)['rows'];
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_ROWS) {
    throw new InputError(
      { zh: `rows 应为 1 到 ${MAX_ROWS} 行`, en: `rows must have 1 to ${MAX_ROWS} entries` },
      { field: 'rows' },
    );
  }
  const errors: string[] = [];
  const cards: Card[] = [];
  for (const [index, value] of rows.entries()) {
    const row = readRow(value, index);
    const card = typeof row === 'string' ? row : await complete(row, context);
    if (typeof card === 'string')
      errors.push(typeof row === 'string' ? card : `第 ${index + 1} 行（${row.cardNo}）：${card}`);
    else cards.push(card);
  }
  if (errors.length > 0)
    throw new InputError(
      {
        zh: `名单有误，未导入：\n${errors.slice(0, 20).join('\n')}`,
        en: 'Some rows are invalid; nothing was imported',
      },
      { errors },
    );
  const existing = await findAll(context.collections.use('cards'), {
    cardNo: { $in: cards.map((card) => card.cardNo) },
  });
  const idOf = new Map(existing.map((doc) => [doc.data.cardNo, doc.id]));
  const operations: TransactionOperation[] = cards.map((card) => {
    const id = idOf.get(card.cardNo);
    return id
      ? { op: 'replace', collection: 'cards', id, data: card }
      : { op: 'insert', collection: 'cards', data: card };
  });
  await applyAll(context, operations);
  return { imported: cards.length, created: cards.length - idOf.size, updated: idOf.size };
}

export async function listCards(request: RouteRequest, context: Context) {
  const { classId, cursor } = request.query;
  const page = await context.collections.use('cards').find({
    ...(classId ? { filter: { classId } } : {}),
    sort: [{ field: 'classId' }, { field: 'studentName' }],
    limit: 100,
    ...(cursor ? { cursor } : {}),
  });
  return { items: page.items.map((item) => ({ id: item.id, ...item.data })), nextCursor: page.nextCursor };
}

export async function deleteCard(request: RouteRequest, context: Context) {
  const cards = context.collections.use('cards');
  const found = (await cards.find({ filter: { cardNo: request.param('cardNo') }, limit: 1 })).items[0];
  if (found) await cards.delete(found.id);
  return reply.noContent();
}

/** The classes in the roster (works without org:read). */
export async function listClasses(_request: RouteRequest, context: Context) {
  const cards = await findAll(context.collections.use('cards'), {});
  const classes = new Map(cards.map((card) => [card.data.classId, card.data.className]));
  return [...classes]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** A guardian's children in the roster (for the leave form). */
export async function listChildren(_request: RouteRequest, context: Context) {
  const user = currentUser(context);
  const page = await context.collections
    .use('cards')
    .find({ filter: { guardianIds: { $contains: user.id } }, limit: 20 });
  return page.items.map(({ data }) => ({
    studentId: data.studentId,
    studentName: data.studentName,
    className: data.className,
  }));
}
