// The store port: document collections with optimistic concurrency, filtered/sorted/paged
// queries and multi-write transactions. Every backend (SQLite, MongoDB) implements exactly this;
// nothing above the port ever sees a driver, a SQL string or a driver's error.
import { DomainError } from '../errors.js';
import type { MessageKey, MessageParams } from '../i18n/index.js';

/** What every stored document carries besides its own fields. */
export interface DocMeta {
  /** Unique within its collection; chosen by the caller (engine keys, ids) and never changed. */
  id: string;
  /** Starts at 1 on insert and grows by one with every update. */
  version: number;
}

export type Stored<T> = T & DocMeta;

/** A JSON value: what a document field may hold. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Scalars a filter can compare against. */
export type Scalar = string | number | boolean | null;

/**
 * A condition on one field (dot paths reach into nested objects). A bare scalar means equality;
 * `null` matches a missing field as well as an explicit null.
 */
export type FieldCondition =
  | Scalar
  | {
      $eq?: Scalar;
      $ne?: Scalar;
      $gt?: string | number;
      $gte?: string | number;
      $lt?: string | number;
      $lte?: string | number;
      $in?: Scalar[];
      $nin?: Scalar[];
      $exists?: boolean;
      /** The field is an array that contains this value. */
      $contains?: Scalar;
      /** The field is an array that shares at least one value with this list. */
      $containsAny?: Scalar[];
      /** Case-insensitive substring match on a string field. */
      $like?: string;
    };

/**
 * All listed conditions hold; `$or` adds alternatives, each itself a filter.
 *
 * `$text` (top level only, never inside `$or`) searches the collection's text fields
 * (CollectionSpec.text): every word of the query must be a word of those fields, and the last one
 * may be the beginning of a word («Rodr» finds «Rodríguez»). Words are runs of letters and digits,
 * compared without case or accents («perez» finds «Pérez», «atencion» finds «Atención»); any other
 * character separates them, so «CAS-2026-000045» finds that folio and «000045» finds it too, and an
 * e-mail is found whole or by its parts («lopez», «aguascalientes.gob.mx»). The query is user input
 * and only ever text: quotes, `*`, `-`, `:`, parentheses, NEAR or OR are no syntax. At most
 * MAX_TEXT_QUERY_LENGTH (200) characters and MAX_TEXT_QUERY_WORDS (10) words, else a
 * StoreQueryError (never truncated); a query without a letter or digit matches nothing. It combines with every
 * other condition and with sort and cursor paging: results come in the requested sort, never by
 * relevance. On a collection without a text spec it is a StoreQueryError.
 */
export type Filter = { [field: string]: FieldCondition | Filter[] | undefined } & { $or?: Filter[]; $text?: string };

/** The longest `$text` query, in characters; a longer one is a StoreQueryError, never truncated. */
export const MAX_TEXT_QUERY_LENGTH = 200;
/** The most words (separated by white space) a `$text` query may hold; more is a StoreQueryError. */
export const MAX_TEXT_QUERY_WORDS = 10;

export type SortOrder = 'asc' | 'desc';
export interface SortField {
  field: string;
  order?: SortOrder;
}

export interface FindOptions {
  /** Applied in order; `id` is always appended as the final tie-breaker so paging is stable. */
  sort?: SortField[];
  limit?: number;
  /** An opaque cursor returned as `nextCursor` by a previous find with the same filter and sort. */
  after?: string;
  /** Skip this many matches (offset paging); prefer cursors for deep pages. */
  offset?: number;
}

export interface Page<T> {
  items: Stored<T>[];
  /** Present when more matches follow the last item returned. */
  nextCursor?: string;
}

export interface IndexSpec {
  fields: string[];
  unique?: boolean;
  /**
   * One of `fields` that holds an array (a multikey index, as MongoDB indexes arrays): the index
   * holds one entry per element, so `$contains` / `$containsAny` on that field — with equality on
   * the other fields and a sort by the next ones — is an index range instead of a scan of every
   * document. Cannot be unique. Adapters without such indexes may treat it as a plain hint.
   */
  multikey?: string;
}

export interface CollectionSpec {
  /** Indexes the adapter creates (idempotently) when the collection is first opened. */
  indexes?: IndexSpec[];
  /**
   * The fields (dot paths) of the collection's full-text index, searched by a filter's `$text`.
   * A field's text is its string or number, or the strings and numbers of a list. The index is
   * kept within each write's transaction, created when the collection is opened and, when the
   * spec is new to a collection that already holds documents, filled from them. Every process
   * that writes the collection declares it, as it declares the indexes.
   */
  text?: string[];
}

export interface Collection<T extends object> {
  readonly name: string;
  /** Inserts a new document at version 1; a duplicate id (or unique index value) is a ConflictError. */
  insert(doc: T & { id: string }): Promise<Stored<T>>;
  /** Inserts many documents at version 1 in one round trip. */
  insertMany(docs: Array<T & { id: string }>): Promise<void>;
  get(id: string): Promise<Stored<T> | undefined>;
  /**
   * Replaces the document's fields when its stored version still equals `expectedVersion`;
   * answers the new version. A missing document or a different version is a ConflictError.
   */
  update(id: string, doc: T, expectedVersion: number): Promise<Stored<T>>;
  /** Deletes when the version matches (or unconditionally when no version is given). */
  delete(id: string, expectedVersion?: number): Promise<boolean>;
  find(filter?: Filter, options?: FindOptions): Promise<Page<T>>;
  findOne(filter: Filter): Promise<Stored<T> | undefined>;
  count(filter?: Filter): Promise<number>;
  /** Deletes every document matching the filter; answers how many. */
  deleteMany(filter: Filter): Promise<number>;
}

/** A unit of work: every write through it commits together or not at all. */
export interface Transaction {
  collection<T extends object>(name: string): Collection<T>;
  /** The backend's own file storage, when it has one (see Store.blobs); writes commit with the transaction. */
  blobs?(bucket: string): BlobWriter;
}

/**
 * Optional: a backend's own storage for file bytes (MongoDB: GridFS). Core code that keeps files
 * (attachments) uses it when the store offers it and otherwise keeps the bytes as chunk documents
 * of an ordinary collection, which every adapter supports (SQLite does exactly that).
 */
export interface BlobWriter {
  /** Stores `bytes` under a new `id` of the bucket; an id already taken is a ConflictError. */
  put(id: string, bytes: Buffer): Promise<void>;
  /** Removes the bytes stored under `id`; answers whether there were any. */
  delete(id: string): Promise<boolean>;
}

export interface BlobBucket extends BlobWriter {
  /** The stored bytes, in order, a chunk at a time; nothing at all for an unknown id. */
  read(id: string): AsyncIterable<Buffer>;
}

/**
 * Optional: what copying a whole store to another backend needs (`oficio migrate`) beyond the
 * port — which collections exist, and writing documents exactly as they were stored.
 */
export interface StoreCopying {
  /** Every collection that holds (or held) documents, the adapter's own tables left out; sorted by name. */
  listCollections(): Promise<string[]>;
  /**
   * Inserts documents keeping their id and their version (the port's insert always starts at 1),
   * creating the collection when needed; an id already taken is a ConflictError. A batch is not
   * atomic on every adapter (MongoDB keeps the documents before the failing one): after a failure
   * the target is emptied before trying again.
   */
  importDocuments(collection: string, docs: Array<Stored<object>>): Promise<void>;
}

export interface Store {
  /** Declares (and on first use creates) a collection with its indexes. */
  collection<T extends object>(name: string, spec?: CollectionSpec): Collection<T>;
  /**
   * Runs `work` so that all its writes commit atomically; a thrown error rolls all of them back
   * and is rethrown. Work must only use the collections of the `tx` it is given. An adapter may run
   * `work` more than once (MongoDB reruns it after a transient conflict), so it must have no
   * effect outside `tx` until it returns.
   */
  transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R>;
  close(): Promise<void>;
  /** A short description for logs: adapter and location (never credentials). */
  readonly description: string;
  /** File storage of the backend itself, when it has one (see BlobBucket). */
  blobs?(bucket: string): BlobBucket;
  /** Present on adapters a store can be copied from and to (see StoreCopying). */
  readonly copying?: StoreCopying;
}

/** Another writer changed (or removed) the document first, or a unique value is taken. */
export class ConflictError extends DomainError {
  readonly code = 'STORE_CONFLICT';
  constructor(
    readonly collection: string,
    readonly id: string,
    detail: string,
  ) {
    super('conflict', 'http.conflict', {}, { message: `conflict on ${collection}/${id}: ${detail}` });
    this.name = 'ConflictError';
  }
}

/** A malformed filter, sort or cursor: a programming error reported with what is wrong. */
export class StoreQueryError extends DomainError {
  readonly code = 'STORE_QUERY';
  constructor(message: string) {
    super('invalid', 'store.badQuery', {}, { message });
    this.name = 'StoreQueryError';
  }
}

/** The backend failed (disk full, locked, unreachable). The driver's own text stays in `cause`. */
export class StoreUnavailableError extends DomainError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, options: { cause?: unknown; messageKey?: MessageKey; params?: MessageParams } = {}) {
    super('unavailable', options.messageKey ?? 'store.unavailable', options.params ?? {}, { message, ...(options.cause !== undefined ? { cause: options.cause } : {}) });
    this.name = 'StoreUnavailableError';
  }
}
