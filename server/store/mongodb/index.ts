// The MongoDB store adapter: the store port on the official driver, for deployments that outgrow
// one machine. One MongoDB collection per port collection, documents as `{ _id, version, ...fields }`
// (documents.ts), queries translated by query.ts, indexes by indexes.ts, full-text search by the
// words each document of a text collection carries (text.ts), driver errors by errors.ts.
//
// Transactions are MongoDB transactions (snapshot reads, majority commit) run by the driver's
// withTransaction, which runs the work again when MongoDB reports a transient conflict; so a
// replica set (or a sharded cluster) is required, and opening the store refuses a standalone
// server with a catalogue message saying how to make it a one-node replica set. Indexes are
// created as soon as their collection is declared, before its first operation runs. File bytes
// live in GridFS buckets, written in the GridFS layout inside the caller's transaction.
import { Binary, GridFSBucket, MongoClient, MongoError, MongoServerError, ObjectId, WriteConcern } from 'mongodb';
import type { AnyBulkWriteOperation, ClientSession, Collection as DriverCollection, Db, Filter as DriverFilter, TransactionOptions } from 'mongodb';
import type { Locale } from '../../i18n/index.js';
import { ConflictError, StoreQueryError, StoreUnavailableError } from '../port.js';
import type { BlobBucket, BlobWriter, Collection, CollectionSpec, Filter, FindOptions, Page, Store, StoreCopying, Stored, Transaction } from '../port.js';
import { fromRawDoc, toRawDoc, type RawDoc } from './documents.js';
import {
  MongoStoreError,
  conflictFor,
  connectError,
  databaseOf,
  deploymentError,
  deploymentOf,
  describeUri,
  duplicateKeyOf,
  isTransient,
  isValidDatabaseName,
  unavailable,
  type UniqueIndexInfo,
} from './errors.js';
import { indexFor, type MongoIndex } from './indexes.js';
import { buildFind, compileFilter, cursorAfter, fieldPath, type TextContext } from './query.js';
import { TEXT_INDEX, TEXT_KEY, staleText, textEntry, textSpec, type MongoText } from './text.js';

export { MongoStoreError } from './errors.js';

export interface MongoStoreOptions {
  /** A MongoDB connection string: a replica set or a sharded cluster. */
  uri: string;
  /** The database; default the one the connection string names, else 'oficio'. */
  dbName?: string;
  /** Language of the errors an operator reads at connect; default 'es'. */
  locale?: Locale;
  /** How long to look for a usable server at connect and for each operation; the driver's 30 s by default. */
  serverSelectionTimeoutMS?: number;
}

/** The MongoDB store: the port plus the database it uses. */
export interface MongoStore extends Store {
  readonly databaseName: string;
}

export const DEFAULT_DATABASE = 'oficio';

/** The database a store opened with these options uses. */
export function databaseNameFor(uri: string, dbName?: string): string {
  return dbName || databaseOf(uri) || DEFAULT_DATABASE;
}

/**
 * Connects, checks that the deployment runs transactions and that the user may use the database,
 * and answers the store. Failures are MongoStoreErrors with the catalogue's text.
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const locale = options.locale ?? 'es';
  const address = describeUri(options.uri);
  const database = databaseNameFor(options.uri, options.dbName);
  if (!isValidDatabaseName(database)) throw new MongoStoreError(locale, 'store.mongodb.invalidDatabase', { database });
  let client: MongoClient;
  try {
    client = new MongoClient(options.uri, {
      appName: 'oficio',
      ignoreUndefined: true,
      ...(options.serverSelectionTimeoutMS === undefined ? {} : { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS }),
    });
  } catch (e) {
    throw new MongoStoreError(locale, 'store.mongodb.invalidUri', {}, { cause: e });
  }
  try {
    await client.connect();
    const hello = await client.db('admin').command({ hello: 1 });
    const refused = deploymentError(deploymentOf(hello), address, locale);
    if (refused) throw refused;
    // Needs the user's rights on the database: a missing readWrite shows here, not at the first step.
    await client.db(database).listCollections({}, { nameOnly: true }).toArray();
  } catch (e) {
    await client.close().catch(() => undefined);
    throw connectError(e, address, database, locale);
  }
  return new MongoStoreImpl(client, database, `${address}/${database}`);
}

// ---------------------------------------------------------------------------------------------

const COLLECTION_NAME = /^[A-Za-z0-9_]+$/;
/** Bytes per GridFS chunk; the attachments' own chunk size, so their `chunks` count holds here too. */
const CHUNK_BYTES = 256 * 1024;
const NAMESPACE_EXISTS = 48;
/** Documents given their words per round trip when a text spec is new to a collection. */
const TEXT_BATCH = 500;
const TRANSACTION: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: new WriteConcern('majority'),
  readPreference: 'primary',
};

interface CollectionState {
  name: string;
  indexes: Map<string, MongoIndex>;
  /** The text spec: documents carry their words (text.ts). */
  text: MongoText | undefined;
  /** What a `$text` in this collection's filters needs to know. */
  textContext: TextContext;
  /** The collection and every declared index exist. */
  ready: boolean;
  /** Bumped by each new index, so an ensure that raced with a declaration runs again. */
  generation: number;
  ensuring: Promise<void> | undefined;
  handle: MongoCollection<object> | undefined;
}

interface BucketState {
  name: string;
  ready: boolean;
  ensuring: Promise<void> | undefined;
}

interface GridFile {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
}

interface GridChunk {
  _id: ObjectId;
  files_id: string;
  n: number;
  data: Binary;
}

type Operation<R> = (session: ClientSession | undefined) => Promise<R>;

/** The driver options naming an operation's session: its transaction's inside one, none outside. */
function inSession(session: ClientSession | undefined): { session?: ClientSession } {
  return session === undefined ? {} : { session };
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw new StoreQueryError('a document id must be a non-empty string');
  return id;
}

/** An id to look up: never an object, which MongoDB would read as a query operator. */
function lookupId(id: unknown): string {
  if (typeof id !== 'string') throw new StoreQueryError('a document id must be a string');
  return id;
}

class MongoStoreImpl implements MongoStore {
  closed = false;
  readonly copying: StoreCopying = {
    listCollections: () => this.listCollections(),
    importDocuments: (name, docs) => this.importDocuments(name, docs),
  };
  private readonly db: Db;
  private readonly states = new Map<string, CollectionState>();
  private readonly buckets = new Map<string, BucketState>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly client: MongoClient,
    readonly databaseName: string,
    readonly description: string,
  ) {
    this.db = client.db(databaseName);
  }

  collection<T extends object>(name: string, spec?: CollectionSpec): Collection<T> {
    const state = this.state(name);
    if (spec?.indexes || spec?.text !== undefined) this.declare(state, spec);
    // Created now, in the background: by the first operation they are (being) there.
    if (!state.ready && !this.closed) this.ready(state).catch(() => undefined);
    return (state.handle ??= new MongoCollection<object>(this, state, undefined)) as unknown as Collection<T>;
  }

  async transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    if (this.closed) throw new StoreUnavailableError('transaction: the store is closed');
    const session = this.client.startSession();
    let scope: TxScope | undefined;
    try {
      return await session.withTransaction(async (s) => {
        // A retry after a transient conflict: whatever still holds the earlier attempt's tx is done.
        if (scope) scope.active = false;
        const current = (scope = new TxScope(this, s));
        try {
          let result: R;
          try {
            result = await work(current);
          } catch (error) {
            await current.settled();
            // The server aborted this attempt (a conflict with another transaction): run it all again.
            if (isTransient(current.failure)) throw current.failure;
            throw error;
          }
          await current.settled();
          // The work caught a failed write and went on; MongoDB aborted the transaction all the same.
          if (current.failure !== undefined) throw current.failure;
          return result;
        } finally {
          current.active = false;
        }
      }, TRANSACTION);
    } catch (error) {
      // The work's own errors (ConflictError included) reach the caller as they were thrown.
      throw error instanceof MongoError ? unavailable(error, 'transaction', this.closed) : error;
    } finally {
      await session.endSession().catch(() => undefined);
    }
  }

  blobs(bucket: string): BlobBucket {
    const state = this.bucket(bucket);
    return {
      put: (id, bytes) => this.transaction(async (tx) => (tx as TxScope).blobs(state.name).put(id, bytes)),
      delete: (id) => this.transaction(async (tx) => (tx as TxScope).blobs(state.name).delete(id)),
      read: (id) => this.readBlob(state, id),
    };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      await this.client.close();
    })();
    return this.closing;
  }

  // --- used by collections and transactions ---------------------------------------------------

  state(name: string): CollectionState {
    let state = this.states.get(name);
    if (state) return state;
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
      throw new StoreQueryError(`invalid collection name "${name}": use letters, digits and '_' only`);
    }
    state = {
      name,
      indexes: new Map(),
      text: undefined,
      textContext: { collection: name, indexed: false },
      ready: false,
      generation: 0,
      ensuring: undefined,
      handle: undefined,
    };
    this.states.set(name, state);
    return state;
  }

  bucket(name: string): BucketState {
    let state = this.buckets.get(name);
    if (state) return state;
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
      throw new StoreQueryError(`invalid bucket name "${name}": use letters, digits and '_' only`);
    }
    state = { name, ready: false, ensuring: undefined };
    this.buckets.set(name, state);
    return state;
  }

  raw(state: CollectionState): DriverCollection<RawDoc> {
    return this.db.collection<RawDoc>(state.name);
  }

  files(bucket: BucketState): DriverCollection<GridFile> {
    return this.db.collection<GridFile>(`${bucket.name}.files`);
  }

  chunks(bucket: BucketState): DriverCollection<GridChunk> {
    return this.db.collection<GridChunk>(`${bucket.name}.chunks`);
  }

  /** Resolves once the collection and its declared indexes exist. */
  ready(state: CollectionState): Promise<void> {
    if (state.ready) return Promise.resolve();
    if (this.closed) return Promise.reject(new StoreUnavailableError(`${state.name}: the store is closed`));
    return (state.ensuring ??= this.ensure(state).finally(() => {
      state.ensuring = undefined;
    }));
  }

  readyBucket(bucket: BucketState): Promise<void> {
    if (bucket.ready) return Promise.resolve();
    if (this.closed) return Promise.reject(new StoreUnavailableError(`${bucket.name}: the store is closed`));
    return (bucket.ensuring ??= this.ensureBucket(bucket).finally(() => {
      bucket.ensuring = undefined;
    }));
  }

  /** A failed operation in the port's terms: duplicate keys are conflicts, the rest unavailability. */
  translate(error: unknown, state: CollectionState, what: string, idOf: ((position: number | undefined) => string | undefined) | undefined): Error {
    const duplicate = duplicateKeyOf(error);
    if (duplicate) return conflictFor(error, duplicate, state.name, idOf?.(duplicate.position) ?? '?', this.uniqueIndexes(state));
    return unavailable(error, what, this.closed);
  }

  /** Runs one operation outside any transaction. */
  async run<R>(state: CollectionState, what: string, op: Operation<R>, idOf?: (position: number | undefined) => string | undefined): Promise<R> {
    if (this.closed) throw new StoreUnavailableError(`${what} on ${state.name}: the store is closed`);
    await this.ready(state);
    try {
      return await op(undefined);
    } catch (error) {
      throw this.translate(error, state, `${what} on ${state.name}`, idOf);
    }
  }

  // --- internals ------------------------------------------------------------------------------

  private declare(state: CollectionState, spec: CollectionSpec): void {
    for (const indexSpec of spec.indexes ?? []) {
      const index = indexFor(state.name, indexSpec);
      if (index === undefined || state.indexes.has(index.name)) continue;
      state.indexes.set(index.name, index);
      state.ready = false;
      state.generation++;
    }
    if (spec.text !== undefined) {
      const text = textSpec(state.name, spec.text, fieldPath);
      if (text.signature === state.text?.signature) return;
      state.text = text;
      state.textContext = { collection: state.name, indexed: true };
      state.indexes.set(TEXT_INDEX.name, TEXT_INDEX);
      state.ready = false;
      state.generation++;
    }
  }

  /** A document about to be written, with its words when the collection has a text spec. */
  withText(state: CollectionState, raw: RawDoc): RawDoc {
    if (state.text) raw[TEXT_KEY] = textEntry(state.text, raw);
    return raw;
  }

  private uniqueIndexes(state: CollectionState): UniqueIndexInfo[] {
    return [...state.indexes.values()].filter((index) => index.unique).map((index) => ({ name: index.name, paths: [...index.key.keys()], fields: index.fields }));
  }

  private async ensure(state: CollectionState): Promise<void> {
    while (!state.ready) {
      const generation = state.generation;
      const indexes = [...state.indexes.values()];
      await this.createCollection(state.name);
      if (indexes.length > 0) {
        try {
          await this.raw(state).createIndexes(
            indexes.map((index) => ({
              name: index.name,
              key: index.key,
              ...(index.unique ? { unique: true, partialFilterExpression: index.partialFilterExpression } : {}),
            })),
          );
        } catch (error) {
          throw this.indexError(error, state, indexes);
        }
      }
      if (state.text) await this.indexText(state, state.text);
      if (generation === state.generation) state.ready = true;
    }
  }

  /**
   * Gives the documents stored before the text spec (or under another one) their words: once,
   * when the collection is opened. A document another writer changed meanwhile is left alone, its
   * writer having stored its words with it.
   */
  private async indexText(state: CollectionState, text: MongoText): Promise<void> {
    const raw = this.raw(state);
    try {
      let batch: Array<AnyBulkWriteOperation<RawDoc>> = [];
      for await (const doc of raw.find(staleText(text) as DriverFilter<RawDoc>)) {
        batch.push({ updateOne: { filter: { _id: doc._id, version: doc.version }, update: { $set: { [TEXT_KEY]: textEntry(text, doc) } } } });
        if (batch.length >= TEXT_BATCH) {
          await raw.bulkWrite(batch, { ordered: false });
          batch = [];
        }
      }
      if (batch.length > 0) await raw.bulkWrite(batch, { ordered: false });
    } catch (error) {
      throw unavailable(error, `index the text of ${state.name}`, this.closed);
    }
  }

  private async ensureBucket(bucket: BucketState): Promise<void> {
    await this.createCollection(`${bucket.name}.files`);
    await this.createCollection(`${bucket.name}.chunks`);
    try {
      // The indexes GridFS itself creates, under the names it gives them.
      await this.files(bucket).createIndex({ filename: 1, uploadDate: 1 }, { name: 'filename_1_uploadDate_1' });
      await this.chunks(bucket).createIndex({ files_id: 1, n: 1 }, { name: 'files_id_1_n_1', unique: true });
    } catch (error) {
      throw unavailable(error, `create the indexes of bucket ${bucket.name}`, this.closed);
    }
    bucket.ready = true;
  }

  /** Explicitly, outside any transaction, so that transactions only ever write existing collections. */
  private async createCollection(name: string): Promise<void> {
    try {
      await this.db.createCollection(name);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === NAMESPACE_EXISTS) return;
      throw unavailable(error, `create collection ${name}`, this.closed);
    }
  }

  private indexError(error: unknown, state: CollectionState, indexes: MongoIndex[]): Error {
    const code = error instanceof MongoServerError ? Number(error.code) : undefined;
    if (code === 11000) {
      const fields = indexes
        .filter((index) => index.unique)
        .map((index) => `(${index.fields.join(', ')})`)
        .join(', ');
      return new StoreUnavailableError(`mongodb: cannot create the unique index ${fields} of ${state.name}: stored documents already share a value`, { cause: error });
    }
    if (code === 85 || code === 86) {
      return new StoreUnavailableError(
        `mongodb: an index of ${state.name} exists with other options than Oficio declares (${indexes.map((index) => index.name).join(', ')}); drop it and start again`,
        { cause: error },
      );
    }
    return unavailable(error, `create the indexes of ${state.name}`, this.closed);
  }

  private async *readBlob(bucket: BucketState, id: string): AsyncGenerator<Buffer> {
    if (this.closed) throw new StoreUnavailableError(`read ${bucket.name}/${id}: the store is closed`);
    await this.readyBucket(bucket);
    let found: GridFile | null;
    try {
      found = await this.files(bucket).findOne({ _id: lookupId(id) });
    } catch (error) {
      throw unavailable(error, `read ${bucket.name}/${id}`, this.closed);
    }
    if (found === null) return;
    // GridFS ids may be any BSON value (here the caller's string); the driver's type says ObjectId.
    const stream = new GridFSBucket(this.db, { bucketName: bucket.name }).openDownloadStream(id as unknown as ObjectId);
    try {
      for await (const chunk of stream) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    } catch (error) {
      throw unavailable(error, `read ${bucket.name}/${id}`, this.closed);
    }
  }

  private async listCollections(): Promise<string[]> {
    if (this.closed) throw new StoreUnavailableError('listCollections: the store is closed');
    try {
      const infos = await this.db.listCollections({}, { nameOnly: true }).toArray();
      // GridFS buckets (name.files, name.chunks) and system collections have dots: not port collections.
      return infos
        .map((info) => info.name)
        .filter((name) => COLLECTION_NAME.test(name))
        .sort();
    } catch (error) {
      throw unavailable(error, 'listCollections', this.closed);
    }
  }

  private async importDocuments(name: string, docs: Array<Stored<object>>): Promise<void> {
    const state = this.state(name);
    const raws = docs.map((doc) => {
      const { id, version, ...fields } = doc as unknown as Record<string, unknown>;
      const docId = checkId(id);
      if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
        throw new StoreQueryError(`${name}/${docId}: a version must be a positive integer`);
      }
      return this.withText(state, toRawDoc(docId, version, fields, name));
    });
    await this.run(
      state,
      'importDocuments',
      async () => {
        if (raws.length > 0) await this.raw(state).insertMany(raws, { ordered: true });
      },
      (position) => (position === undefined ? undefined : raws[position]?._id),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Transactions

class TxScope implements Transaction {
  active = true;
  /**
   * The first error the server answered within this attempt. MongoDB aborts a transaction on any
   * failed command, so nothing after it can commit: later operations fail with it, and so does the
   * attempt even when the work caught it. A transient one (as the driver left it) makes
   * withTransaction run the whole work again.
   */
  failure: unknown;
  /** Operations of one transaction run one at a time: a session carries one command at once. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: MongoStoreImpl,
    readonly session: ClientSession,
  ) {}

  collection<T extends object>(name: string): Collection<T> {
    if (!this.active) throw new StoreQueryError('transaction already finished');
    return new MongoCollection<T>(this.store, this.store.state(name), this);
  }

  blobs(bucket: string): BlobWriter {
    if (!this.active) throw new StoreQueryError('transaction already finished');
    const state = this.store.bucket(bucket);
    return { put: (id, bytes) => this.putBlob(state, id, bytes), delete: (id) => this.deleteBlob(state, id) };
  }

  /** Resolves once every queued operation has finished. */
  async settled(): Promise<void> {
    for (let seen = this.queue; ; seen = this.queue) {
      await seen;
      if (seen === this.queue) return;
    }
  }

  run<R>(prepare: () => Promise<void>, op: Operation<R>, translate: (error: unknown) => Error): Promise<R> {
    const next = this.queue.then(() => this.runNow(prepare, op, translate));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow<R>(prepare: () => Promise<void>, op: Operation<R>, translate: (error: unknown) => Error): Promise<R> {
    if (!this.active) throw new StoreQueryError('transaction already finished');
    if (this.failure !== undefined) throw this.failure;
    await prepare();
    try {
      return await op(this.session);
    } catch (error) {
      if (isTransient(error)) {
        // withTransaction sees the driver's error (kept here) and reruns the work; the work itself
        // is told in the port's terms, never the driver's text.
        this.failure ??= error;
        throw translate(error);
      }
      const translated = translate(error);
      if (error instanceof MongoServerError) this.failure ??= translated;
      throw translated;
    }
  }

  private deleteBlob(bucket: BucketState, id: string): Promise<boolean> {
    const files = this.store.files(bucket);
    const chunks = this.store.chunks(bucket);
    return this.run(
      () => this.store.readyBucket(bucket),
      async (session) => {
        const fileId = checkId(id);
        // The file document first: without it GridFS readers see no file, whatever chunks remain.
        const { deletedCount } = await files.deleteOne({ _id: fileId }, inSession(session));
        await chunks.deleteMany({ files_id: fileId }, inSession(session));
        return deletedCount > 0;
      },
      (error) => unavailable(error, `delete ${bucket.name}/${id}`, this.store.closed),
    );
  }

  private putBlob(bucket: BucketState, id: string, bytes: Buffer): Promise<void> {
    const files = this.store.files(bucket);
    const chunks = this.store.chunks(bucket);
    return this.run(
      () => this.store.readyBucket(bucket),
      async (session) => {
        const fileId = checkId(id);
        if (!Buffer.isBuffer(bytes)) throw new StoreQueryError(`${bucket.name}/${fileId}: the bytes must be a Buffer`);
        // GridFS's own layout, so GridFSBucket (and mongofiles) read it; written here, not by
        // GridFSBucket, because its uploads cannot join a transaction.
        await files.insertOne({ _id: fileId, length: bytes.length, chunkSize: CHUNK_BYTES, uploadDate: new Date(), filename: fileId }, inSession(session));
        const parts: GridChunk[] = [];
        for (let n = 0; n * CHUNK_BYTES < bytes.length; n++) {
          parts.push({ _id: new ObjectId(), files_id: fileId, n, data: new Binary(bytes.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES)) });
        }
        if (parts.length > 0) await chunks.insertMany(parts, { ...inSession(session), ordered: true });
      },
      (error) => {
        const duplicate = duplicateKeyOf(error);
        if (duplicate) return new ConflictError(`${bucket.name}.files`, id, 'a file with this id already exists');
        return unavailable(error, `put ${bucket.name}/${id}`, this.store.closed);
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Collections

class MongoCollection<T extends object> implements Collection<T> {
  readonly name: string;

  constructor(
    private readonly store: MongoStoreImpl,
    private readonly state: CollectionState,
    private readonly scope: TxScope | undefined,
  ) {
    this.name = state.name;
  }

  insert(doc: T & { id: string }): Promise<Stored<T>> {
    return this.run(
      'insert',
      async (session) => {
        const { id, version: _ignored, ...fields } = doc as unknown as Record<string, unknown>;
        const docId = checkId(id);
        await this.raw.insertOne(this.store.withText(this.state, toRawDoc(docId, 1, fields, this.name)), inSession(session));
        return { ...fields, id: docId, version: 1 } as unknown as Stored<T>;
      },
      () => String((doc as { id?: unknown }).id),
    );
  }

  insertMany(docs: Array<T & { id: string }>): Promise<void> {
    // All or nothing, as the port promises: outside a transaction, in one of its own.
    if (this.scope === undefined) {
      if (this.store.closed) return Promise.reject(new StoreUnavailableError(`insertMany on ${this.name}: the store is closed`));
      return this.store.transaction((tx) => tx.collection<T>(this.name).insertMany(docs));
    }
    return this.run(
      'insertMany',
      async (session) => {
        if (docs.length === 0) return;
        const raws = docs.map((doc) => {
          const { id, version: _ignored, ...fields } = doc as unknown as Record<string, unknown>;
          return this.store.withText(this.state, toRawDoc(checkId(id), 1, fields, this.name));
        });
        await this.raw.insertMany(raws, { ...inSession(session), ordered: true });
      },
      (position) => (position === undefined ? undefined : docs[position]?.id),
    );
  }

  get(id: string): Promise<Stored<T> | undefined> {
    return this.run('get', async (session) => {
      const raw = await this.raw.findOne({ _id: lookupId(id) }, inSession(session));
      return raw === null ? undefined : fromRawDoc<T>(raw);
    });
  }

  update(id: string, doc: T, expectedVersion: number): Promise<Stored<T>> {
    return this.run(
      'update',
      async (session) => {
        if (!Number.isInteger(expectedVersion)) {
          throw new StoreQueryError(`update of ${this.name}/${id}: expectedVersion must be an integer`);
        }
        const { id: _id, version: _version, ...fields } = doc as unknown as Record<string, unknown>;
        const { _id: _omitted, ...replacement } = this.store.withText(this.state, toRawDoc(id, expectedVersion + 1, fields, this.name));
        const result = await this.raw.replaceOne({ _id: lookupId(id), version: expectedVersion }, replacement, inSession(session));
        if (result.matchedCount === 0) {
          const current = await this.raw.findOne({ _id: id }, { ...inSession(session), projection: { version: 1 } });
          throw new ConflictError(
            this.name,
            id,
            current === null ? 'the document does not exist (missing or deleted)' : `version mismatch: expected ${expectedVersion}, stored ${current.version}`,
          );
        }
        return { ...fields, id, version: expectedVersion + 1 } as unknown as Stored<T>;
      },
      () => id,
    );
  }

  delete(id: string, expectedVersion?: number): Promise<boolean> {
    return this.run('delete', async (session) => {
      if (expectedVersion !== undefined && typeof expectedVersion !== 'number') {
        throw new StoreQueryError(`delete of ${this.name}/${id}: expectedVersion must be a number`);
      }
      const filter: DriverFilter<RawDoc> = expectedVersion === undefined ? { _id: lookupId(id) } : { _id: lookupId(id), version: expectedVersion };
      return (await this.raw.deleteOne(filter, inSession(session))).deletedCount > 0;
    });
  }

  find(filter?: Filter, options?: FindOptions): Promise<Page<T>> {
    return this.run('find', async (session) => {
      const query = buildFind(filter, options, this.state.textContext);
      const raws = await this.raw
        .find(query.filter as DriverFilter<RawDoc>, {
          ...inSession(session),
          sort: query.sort,
          ...(query.skip === undefined ? {} : { skip: query.skip }),
          ...(query.fetch === undefined ? {} : { limit: query.fetch }),
        })
        .toArray();
      const more = query.limit !== undefined && raws.length > query.limit;
      const count = more ? query.limit! : raws.length;
      // Read the cursor before the documents are turned into the port's view.
      const nextCursor = more ? cursorAfter(query.plan, raws[count - 1]!) : undefined;
      const items = new Array<Stored<T>>(count);
      for (let i = 0; i < count; i++) items[i] = fromRawDoc<T>(raws[i]!);
      return nextCursor === undefined ? { items } : { items, nextCursor };
    });
  }

  findOne(filter: Filter): Promise<Stored<T> | undefined> {
    return this.run('findOne', async (session) => {
      const raw = await this.raw.findOne(compileFilter(filter ?? {}, this.state.textContext) as DriverFilter<RawDoc>, inSession(session));
      return raw === null ? undefined : fromRawDoc<T>(raw);
    });
  }

  count(filter?: Filter): Promise<number> {
    return this.run('count', (session) => this.raw.countDocuments(compileFilter(filter, this.state.textContext) as DriverFilter<RawDoc>, inSession(session)));
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.run('deleteMany', async (session) => {
      const result = await this.raw.deleteMany(compileFilter(filter ?? {}, this.state.textContext) as DriverFilter<RawDoc>, inSession(session));
      return result.deletedCount;
    });
  }

  private get raw(): DriverCollection<RawDoc> {
    return this.store.raw(this.state);
  }

  /** Inside a transaction the scope runs it on its session; outside, the store runs it alone. */
  private run<R>(what: string, op: Operation<R>, idOf?: (position: number | undefined) => string | undefined): Promise<R> {
    const scope = this.scope;
    if (scope === undefined) return this.store.run(this.state, what, op, idOf);
    return scope.run(
      () => this.store.ready(this.state),
      op,
      (error) => this.store.translate(error, this.state, `${what} on ${this.name}`, idOf),
    );
  }
}
