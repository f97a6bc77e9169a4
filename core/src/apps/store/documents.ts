import {
  ConflictError,
  ForbiddenError,
  InputError,
  LimitError,
  NotFoundError,
} from '@campusbase/plugin-sdk/errors';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { withTenant, isUuid } from '../../db/tenant-scope.ts';
import type { DocumentRow } from '../apps.table.ts';
import type { InstallationBinding } from '../binding.ts';
import { checkCollectionName, declaredType, fieldExpression } from './fields.ts';
import { compileFilter } from './filters.ts';
import { assertValid } from './validator.ts';

type Trx = Transaction<Database>;
type JsonObject = Record<string, unknown>;

export const DATA_LIMITS = {
  maxDocumentBytes: 256 * 1024,
  defaultPageSize: 50,
  maxPageSize: 500,
  maxOperations: 100,
};

export interface StoredDocument {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  data: JsonObject;
}

export interface SortKey {
  field: string;
  order?: 'asc' | 'desc';
}

export type Operation =
  | { op: 'insert'; collection: string; data: JsonObject }
  | { op: 'update'; collection: string; id: string; patch: JsonObject; expectedVersion?: number }
  | { op: 'replace'; collection: string; id: string; data: JsonObject; expectedVersion?: number }
  | { op: 'delete'; collection: string; id: string; expectedVersion?: number };

function toStored(
  row: Pick<DocumentRow, 'id' | 'version' | 'created_at' | 'updated_at' | 'data'>,
): StoredDocument {
  return {
    id: row.id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    data: row.data,
  };
}

/**
 * One installation's documents. Every query is bound to the installation's tenant (row-level
 * security through `withTenant`) and filtered by its installation id and app id, which come from
 * the host's binding; the guest names only a declared collection.
 */
export class AppDocuments {
  readonly #db: Kysely<Database>;
  readonly #binding: InstallationBinding;

  constructor(db: Kysely<Database>, binding: InstallationBinding) {
    this.#db = db;
    this.#binding = binding;
  }

  /** Runs work in one tenant-scoped transaction. */
  run<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    return withTenant(this.#db, this.#binding.tenantId, work);
  }

  #schema(collection: string): unknown {
    checkCollectionName(collection);
    const declaration = this.#binding.manifest.collections?.[collection];
    if (!declaration) {
      throw new ForbiddenError(
        {
          zh: `集合 ${collection} 未在清单中声明`,
          en: `The collection ${collection} is not declared in the manifest`,
        },
        { collection },
        'scope_not_declared',
      );
    }
    return declaration.schema;
  }

  #validate(collection: string, data: unknown): JsonObject {
    const schema = this.#schema(collection);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new InputError({ zh: '文档必须是 JSON 对象', en: 'A document must be a JSON object' });
    }
    const bytes = Buffer.byteLength(JSON.stringify(data));
    if (bytes > DATA_LIMITS.maxDocumentBytes) {
      throw new LimitError(
        {
          zh: `文档大小 ${bytes} 字节，超过上限 ${DATA_LIMITS.maxDocumentBytes} 字节`,
          en: `The document has ${bytes} bytes, more than the limit of ${DATA_LIMITS.maxDocumentBytes}`,
        },
        { status: 413, code: 'document_too_large', details: { collection, bytes } },
      );
    }
    assertValid(`${this.#binding.versionId}/${collection}`, schema, data, {
      zh: `集合 ${collection} 的`,
      en: `document of ${collection}`,
    });
    return data as JsonObject;
  }

  #scope(trx: Trx, collection: string) {
    const b = this.#binding;
    return trx
      .selectFrom('app_documents')
      .where('tenant_id', '=', b.tenantId)
      .where('installation_id', '=', b.installationId)
      .where(sql<boolean>`app_id = ${sql.lit(b.appId)} AND collection = ${sql.lit(collection)}`);
  }

  async get(trx: Trx, collection: string, id: string, lock = false): Promise<StoredDocument | null> {
    this.#schema(collection);
    if (!isUuid(id)) return null;
    let query = this.#scope(trx, collection)
      .select(['id', 'version', 'created_at', 'updated_at', 'data'])
      .where('id', '=', id);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? toStored(row) : null;
  }

  async find(
    trx: Trx,
    collection: string,
    query: { filter?: unknown; sort?: ReadonlyArray<SortKey>; limit?: number; cursor?: string },
  ): Promise<{ items: StoredDocument[]; nextCursor: string | null }> {
    const schema = this.#schema(collection);
    const limit = Math.min(Math.max(1, query.limit ?? DATA_LIMITS.defaultPageSize), DATA_LIMITS.maxPageSize);
    const offset = decodeCursor(query.cursor);
    let select = this.#scope(trx, collection)
      .select(['id', 'version', 'created_at', 'updated_at', 'data'])
      .where(sql<boolean>`${compileFilter(query.filter)}`);
    for (const key of query.sort ?? []) {
      const direction = key.order === 'desc' ? sql`DESC NULLS LAST` : sql`ASC NULLS LAST`;
      const expression =
        key.field === '$createdAt'
          ? sql`created_at`
          : key.field === '$updatedAt'
            ? sql`updated_at`
            : key.field === '$id'
              ? sql`id`
              : fieldExpression(key.field, declaredType(schema, key.field));
      select = select.orderBy(sql`${expression} ${direction}`);
    }
    const rows = await select
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit + 1)
      .offset(offset)
      .execute();
    const more = rows.length > limit;
    return {
      items: rows.slice(0, limit).map(toStored),
      nextCursor: more ? encodeCursor(offset + limit) : null,
    };
  }

  async count(trx: Trx, collection: string, filter: unknown): Promise<number> {
    this.#schema(collection);
    const row = await this.#scope(trx, collection)
      .select(sql<string>`count(*)`.as('count'))
      .where(sql<boolean>`${compileFilter(filter)}`)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insert(trx: Trx, collection: string, data: unknown): Promise<StoredDocument> {
    const valid = this.#validate(collection, data);
    const b = this.#binding;
    const row = await unique(collection, () =>
      trx
        .insertInto('app_documents')
        .values({
          tenant_id: b.tenantId,
          installation_id: b.installationId,
          app_id: b.appId,
          collection,
          data: JSON.stringify(valid),
        })
        .returning(['id', 'version', 'created_at', 'updated_at', 'data'])
        .executeTakeFirstOrThrow(),
    );
    return toStored(row);
  }

  async write(
    trx: Trx,
    collection: string,
    id: string,
    change: { patch: unknown } | { data: unknown },
    expectedVersion: number | undefined,
  ): Promise<StoredDocument> {
    const current = await this.get(trx, collection, id, true);
    if (!current) throw missing(collection, id);
    checkVersion(current, expectedVersion);
    const next =
      'patch' in change ? { ...current.data, ...(change.patch as JsonObject) } : (change.data as JsonObject);
    const valid = this.#validate(collection, next);
    const row = await unique(collection, () =>
      this.#updateScope(trx, collection, id)
        .set({ data: JSON.stringify(valid), version: current.version + 1, updated_at: new Date() })
        .returning(['id', 'version', 'created_at', 'updated_at', 'data'])
        .executeTakeFirstOrThrow(),
    );
    return toStored(row);
  }

  async delete(
    trx: Trx,
    collection: string,
    id: string,
    expectedVersion: number | undefined,
  ): Promise<boolean> {
    const current = await this.get(trx, collection, id, true);
    if (!current) return false;
    checkVersion(current, expectedVersion);
    const b = this.#binding;
    const result = await trx
      .deleteFrom('app_documents')
      .where('tenant_id', '=', b.tenantId)
      .where('installation_id', '=', b.installationId)
      .where('collection', '=', collection)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  #updateScope(trx: Trx, collection: string, id: string) {
    const b = this.#binding;
    return trx
      .updateTable('app_documents')
      .where('tenant_id', '=', b.tenantId)
      .where('installation_id', '=', b.installationId)
      .where('collection', '=', collection)
      .where('id', '=', id);
  }

  /** Runs the operations in order in one transaction: all apply or none does. */
  async transaction(
    trx: Trx,
    operations: ReadonlyArray<Operation>,
  ): Promise<Array<{ op: Operation['op']; document: StoredDocument } | { op: 'delete'; deleted: boolean }>> {
    if (operations.length === 0 || operations.length > DATA_LIMITS.maxOperations) {
      throw new InputError({
        zh: `一次事务需包含 1 到 ${DATA_LIMITS.maxOperations} 个操作`,
        en: `A transaction takes 1 to ${DATA_LIMITS.maxOperations} operations`,
      });
    }
    const results: Array<
      { op: Operation['op']; document: StoredDocument } | { op: 'delete'; deleted: boolean }
    > = [];
    for (const operation of operations) {
      switch (operation.op) {
        case 'insert':
          results.push({
            op: 'insert',
            document: await this.insert(trx, operation.collection, operation.data),
          });
          break;
        case 'update':
          results.push({
            op: 'update',
            document: await this.write(
              trx,
              operation.collection,
              operation.id,
              { patch: operation.patch },
              operation.expectedVersion,
            ),
          });
          break;
        case 'replace':
          results.push({
            op: 'replace',
            document: await this.write(
              trx,
              operation.collection,
              operation.id,
              { data: operation.data },
              operation.expectedVersion,
            ),
          });
          break;
        case 'delete':
          results.push({
            op: 'delete',
            deleted: await this.delete(trx, operation.collection, operation.id, operation.expectedVersion),
          });
          break;
      }
    }
    return results;
  }
}

function missing(collection: string, id: string): NotFoundError {
  return new NotFoundError(
    { zh: `集合 ${collection} 中没有编号为 ${id} 的文档`, en: `No document ${id} in ${collection}` },
    { collection, id },
    'document_not_found',
  );
}

function checkVersion(current: StoredDocument, expected: number | undefined): void {
  if (expected !== undefined && current.version !== expected) {
    throw new ConflictError(
      {
        zh: `文档已被修改（当前版本 ${current.version}，期望 ${expected}），请重新读取后再保存`,
        en: `The document changed (version ${current.version}, expected ${expected}); read it again and retry`,
      },
      { id: current.id, version: current.version, expectedVersion: expected },
      'version_conflict',
    );
  }
}

async function unique<T>(collection: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new ConflictError(
        {
          zh: `集合 ${collection} 中已有相同唯一键的文档`,
          en: `A document with the same unique key exists in ${collection}`,
        },
        { collection },
        'duplicate_document',
      );
    }
    throw error;
  }
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { o?: unknown };
    if (typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0 && value.o <= 1_000_000)
      return value.o;
  } catch {
    // fall through to the error below
  }
  throw new InputError({
    zh: '分页游标无效，请从第一页重新查询',
    en: 'The page cursor is not valid; start from the first page',
  });
}
