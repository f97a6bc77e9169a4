import type { JsonObject, JsonValue } from '../json.ts';

/**
 * The app's own collections: JSONB documents stored per (school, installation, collection) and
 * validated against the collection's JSON Schema on every write. Filters, sorting and pagination
 * run in the database; the declared indexes make them fast.
 */

/** A stored document: the platform's fields beside the app's `data`. */
export interface StoredDocument<T extends JsonObject = JsonObject> {
  readonly id: string;
  /** Starts at 1 and grows by one on every write; pass it as `expectedVersion` to avoid lost updates. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly data: T;
}

type Scalar = string | number | boolean | null;

/** Comparison operators on one top-level field. Values compare only with values of the same JSON type. */
export interface FieldOperators<V> {
  readonly $eq?: V;
  readonly $ne?: V;
  readonly $gt?: V;
  readonly $gte?: V;
  readonly $lt?: V;
  readonly $lte?: V;
  readonly $in?: ReadonlyArray<V>;
  readonly $nin?: ReadonlyArray<V>;
  readonly $exists?: boolean;
  /** Case-sensitive substring match for strings; element match for arrays. */
  readonly $contains?: V extends ReadonlyArray<infer E> ? E : V extends string ? string : never;
}

type FieldFilter<V> = (V extends Scalar ? V : never) | FieldOperators<V>;

/** The declared fields of a document type, without its `[key: string]: JsonValue` index signature. */
export type KnownFields<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
type HasKnownFields<T> = [keyof KnownFields<T>] extends [never] ? false : true;

type TypedFilter<F> = { readonly [K in keyof F & string]?: FieldFilter<F[K]> } & {
  readonly $and?: ReadonlyArray<TypedFilter<F>>;
  readonly $or?: ReadonlyArray<TypedFilter<F>>;
};

/**
 * A filter on top-level fields; several fields are joined with AND. For a typed collection only its
 * declared fields, with values of their types; for an untyped one any JSON.
 */
export type Filter<T extends JsonObject = JsonObject> =
  HasKnownFields<T> extends true ? TypedFilter<KnownFields<T>> : { readonly [key: string]: JsonValue };

/** A top-level field of a document type (any name for an untyped collection). */
export type FieldName<T extends JsonObject> =
  HasKnownFields<T> extends true ? keyof KnownFields<T> & string : string;

/** Sort on a top-level field or on the platform's `$createdAt` / `$updatedAt` / `$id`. */
export interface SortKey<T extends JsonObject = JsonObject> {
  readonly field: FieldName<T> | '$createdAt' | '$updatedAt' | '$id';
  readonly order?: 'asc' | 'desc';
}

export interface FindQuery<T extends JsonObject = JsonObject> {
  readonly filter?: Filter<T>;
  readonly sort?: ReadonlyArray<SortKey<T>>;
  /** Default 50, at most 500. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: ReadonlyArray<T>;
  /** `null` on the last page. */
  readonly nextCursor: string | null;
}

export interface WriteOptions {
  /** Fail with a ConflictError when the stored version differs. */
  readonly expectedVersion?: number;
}

/** One operation inside `collections.transaction([...])`. */
export type TransactionOperation =
  | { readonly op: 'insert'; readonly collection: string; readonly data: JsonObject }
  | {
      readonly op: 'update';
      readonly collection: string;
      readonly id: string;
      readonly patch: JsonObject;
      readonly expectedVersion?: number;
    }
  | {
      readonly op: 'replace';
      readonly collection: string;
      readonly id: string;
      readonly data: JsonObject;
      readonly expectedVersion?: number;
    }
  | {
      readonly op: 'delete';
      readonly collection: string;
      readonly id: string;
      readonly expectedVersion?: number;
    };

export type TransactionResult =
  | { readonly op: 'insert' | 'update' | 'replace'; readonly document: StoredDocument }
  | { readonly op: 'delete'; readonly deleted: boolean };

export interface Collection<T extends JsonObject = JsonObject> {
  get(id: string): Promise<StoredDocument<T> | null>;
  find(query?: FindQuery<T>): Promise<Page<StoredDocument<T>>>;
  count(filter?: Filter<T>): Promise<number>;
  insert(data: T): Promise<StoredDocument<T>>;
  /** Shallow merge: top-level keys in `patch` replace stored ones; `null` values are kept as null. */
  update(id: string, patch: Partial<T>, options?: WriteOptions): Promise<StoredDocument<T>>;
  replace(id: string, data: T, options?: WriteOptions): Promise<StoredDocument<T>>;
  delete(id: string, options?: WriteOptions): Promise<boolean>;
}

/** The map from collection name to document type that an app declares through `defineApp<...>`. */
export type CollectionTypes = { readonly [name: string]: JsonObject };

export interface Collections<C extends CollectionTypes = CollectionTypes> {
  /** A typed handle to a collection declared in the manifest. */
  use<N extends keyof C & string>(name: N): Collection<C[N]>;
  /** Runs up to 100 operations atomically, in order, in one call: all succeed or none is applied. */
  transaction(operations: ReadonlyArray<TransactionOperation>): Promise<ReadonlyArray<TransactionResult>>;
}

export type { JsonValue };
