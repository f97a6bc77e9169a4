import type {
  Page,
  StoredDocument,
  TransactionOperation,
  TransactionResult,
} from '../capabilities/collections.ts';
import { ConflictError, InputError, NotFoundError } from '../errors/index.ts';
import { HOST_LIMITS, type HostMethodArgs } from '../host-protocol.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { createDocumentValidators } from '../manifest/documents.ts';
import type { AppManifest } from '../manifest/types.ts';
import { compareDocuments, jsonEqual, matchesFilter } from './filter.ts';

type Table = Map<string, StoredDocument>;

/** In-memory collections with the same validation, versioning, unique indexes and paging as the host. */
export class MemoryStore {
  #tables = new Map<string, Table>();
  readonly #manifest: AppManifest;
  readonly #validators: ReturnType<typeof createDocumentValidators>;
  readonly #now: () => Date;

  constructor(manifest: AppManifest, now: () => Date) {
    this.#manifest = manifest;
    this.#validators = createDocumentValidators(manifest);
    this.#now = now;
    for (const name of Object.keys(manifest.collections ?? {})) this.#tables.set(name, new Map());
  }

  /** Every stored document of a collection, oldest first. */
  all(collection: string): StoredDocument[] {
    return [...(this.#tables.get(collection)?.values() ?? [])];
  }

  get(args: HostMethodArgs<'collections.get'>): StoredDocument | null {
    return this.#table(args.collection).get(args.id) ?? null;
  }

  find(args: HostMethodArgs<'collections.find'>): Page<StoredDocument> {
    const offset = args.cursor === undefined ? 0 : decodeCursor(args.cursor);
    const limit = args.limit ?? HOST_LIMITS.defaultPageSize;
    const matching = this.all(args.collection)
      .filter((document) => matchesFilter(document.data, args.filter))
      .sort(compareDocuments(args.sort ?? []));
    const items = matching.slice(offset, offset + limit);
    const next = offset + items.length;
    return { items, nextCursor: next < matching.length ? encodeCursor(next) : null };
  }

  count(args: HostMethodArgs<'collections.count'>): { count: number } {
    return {
      count: this.all(args.collection).filter((document) => matchesFilter(document.data, args.filter)).length,
    };
  }

  /** Applies operations in order on a copy; the copy replaces the tables only when all succeed. */
  transaction(operations: ReadonlyArray<TransactionOperation>): TransactionResult[] {
    const draft = new Map([...this.#tables].map(([name, table]) => [name, new Map(table)]));
    const results = operations.map((operation) => this.#apply(draft, operation));
    this.#tables = draft;
    return results;
  }

  write(operation: TransactionOperation): TransactionResult {
    return this.transaction([operation])[0]!;
  }

  #table(collection: string, tables: Map<string, Table> = this.#tables): Table {
    const table = tables.get(collection);
    if (!table) this.#validators.check(collection, {});
    return table!;
  }

  #apply(tables: Map<string, Table>, operation: TransactionOperation): TransactionResult {
    const table = this.#table(operation.collection, tables);
    const now = this.#now().toISOString();
    if (operation.op === 'insert') {
      const document: StoredDocument = {
        id: crypto.randomUUID(),
        version: 1,
        createdAt: now,
        updatedAt: now,
        data: operation.data,
      };
      this.#store(table, operation.collection, document);
      return { op: 'insert', document };
    }
    const current = table.get(operation.id);
    if (current && operation.expectedVersion !== undefined && current.version !== operation.expectedVersion) {
      throw new ConflictError(
        {
          zh: `文档已被修改（当前版本 ${current.version}，期望 ${operation.expectedVersion}），请重新读取后再保存`,
          en: `The document changed (version ${current.version}, expected ${operation.expectedVersion}); read it again and retry`,
        },
        { collection: operation.collection, id: operation.id, version: current.version },
        'version_conflict',
      );
    }
    if (operation.op === 'delete') return { op: 'delete', deleted: table.delete(operation.id) };
    if (!current) {
      throw new NotFoundError(
        {
          zh: `集合 ${operation.collection} 中没有文档 ${operation.id}`,
          en: `No document ${operation.id} in ${operation.collection}`,
        },
        { collection: operation.collection, id: operation.id },
        'document_not_found',
      );
    }
    const data = operation.op === 'update' ? { ...current.data, ...operation.patch } : operation.data;
    const document: StoredDocument = { ...current, version: current.version + 1, updatedAt: now, data };
    this.#store(table, operation.collection, document);
    return { op: operation.op, document };
  }

  #store(table: Table, collection: string, document: StoredDocument): void {
    this.#validators.check(collection, document.data);
    for (const index of this.#manifest.collections?.[collection]?.indexes ?? []) {
      if (!index.unique) continue;
      const fields = index.fields.map((field) => field.replace(/^-/, ''));
      const key = (data: JsonObject): ReadonlyArray<JsonValue> => fields.map((field) => data[field] ?? null);
      const mine = key(document.data);
      // As in PostgreSQL, a unique index treats NULL (and a missing field) as distinct.
      if (fields.some((field) => document.data[field] === undefined || document.data[field] === null))
        continue;
      for (const other of table.values()) {
        if (other.id !== document.id && jsonEqual(key(other.data), mine)) {
          throw new ConflictError(
            {
              zh: `集合 ${collection} 的唯一索引 ${index.name} 冲突：已有相同的 ${fields.join('、')}`,
              en: `Unique index ${index.name} of ${collection}: another document has the same ${fields.join(', ')}`,
            },
            { collection, index: index.name },
            'unique_violation',
          );
        }
      }
    }
    table.set(document.id, document);
  }
}

function encodeCursor(offset: number): string {
  return btoa(JSON.stringify({ o: offset }));
}

function decodeCursor(cursor: string): number {
  try {
    const { o } = JSON.parse(atob(cursor)) as { o: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {}
  throw new InputError(
    {
      zh: '分页游标无效，请使用上一页返回的 nextCursor',
      en: 'The cursor is invalid; pass the nextCursor of the previous page',
    },
    { cursor },
    'invalid_cursor',
  );
}
