// The SQLite store: one better-sqlite3 connection, serialized by the write gate (gate.ts), with
// group commit (transactions.ts) and a file store's WAL checkpointed by a worker thread
// (checkpointer.ts), off the main thread. It opens the file, creates each collection's table,
// indexes and side tables on first use, caches prepared statements, and copies whole stores.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { StoreQueryError, StoreUnavailableError } from '../port.js';
import type { Collection, CollectionSpec, Filter, FindOptions, Store, StoreCopying, Stored, Transaction } from '../port.js';
import { Checkpointer } from './checkpointer.js';
import { SqliteCollection, type CollectionState, type CollectionStatements } from './collection.js';
import { checkId, toJson } from './documents.js';
import { unavailable, writeFailure } from './errors.js';
import { Gate } from './gate.js';
import { declareIndexes } from './indexes.js';
import { ensureMultikey } from './multikey.js';
import { declareText, ensureText } from './text.js';
import { buildCount, buildFind } from './query.js';
import { GroupCommit, type TxScope } from './transactions.js';

export type Db = Database.Database;
export type Statement = Database.Statement<unknown[], unknown>;

export interface SqliteStoreOptions {
  /** A file path (parent directories are created) or ':memory:'. */
  path: string;
  /** NORMAL survives process crashes (kill -9); FULL also survives power loss, at a cost per commit. */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a statement waits for another process's lock before failing; default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * Transactions that queue up while one runs are run back to back in one SQLite transaction,
   * each in its own savepoint, and committed together; none resolves before that COMMIT.
   * Bounded by `maxTransactions` (default 100) and by `maxMs` (default 10) since the batch
   * began. `false` commits every transaction on its own.
   */
  groupCommit?: false | { maxTransactions?: number; maxMs?: number };
  /**
   * Who checkpoints a file store's WAL: 'background' (default) a worker thread with its own
   * connection, so COMMIT never pays for it; 'auto' SQLite itself, inside COMMIT every ~1000 pages.
   * A worker that cannot start or fails falls back to 'auto' by itself.
   */
  checkpoints?: 'background' | 'auto';
  /** Background checkpoints: how often the worker checkpoints; default 200 ms. */
  checkpointIntervalMs?: number;
  /**
   * Background checkpoints: when the WAL holds more than this, the store pauses its statements
   * (asynchronously, for the few ms a final checkpoint takes) so the worker can restart the WAL
   * from its beginning; this bounds the WAL file to about this size. Default 64 MiB.
   */
  walLimitBytes?: number;
}

/** The SQLite store: the port plus where its file lives. */
export interface SqliteStore extends Store {
  /** Absolute file path, or ':memory:'. */
  readonly path: string;
}

/** Counters for tests and benchmarks. */
export interface SqliteStoreStats {
  /** Port-level transactions committed. */
  transactions: number;
  /** SQLite COMMITs of port-level transactions (fewer than `transactions` when batched). */
  commits: number;
  /** The worker is checkpointing (false for memory stores, 'auto', and after a worker failure). */
  backgroundCheckpoints: boolean;
  /** Checkpoint passes of the worker that copied frames. */
  checkpoints: number;
  /** Checkpoints that restarted a WAL that outgrew `walLimitBytes` (the store paused for them). */
  walRestarts: number;
  /** Bytes of WAL content at the worker's last checkpoint report (0 right after a restart). */
  walBytes: number;
  /** Why the background checkpointer stopped, if it failed. */
  checkpointFailure: string | undefined;
}

/** Introspection for tests only; deliberately not part of the port nor of SqliteStore. */
export interface SqliteStoreTestHooks {
  /** The EXPLAIN QUERY PLAN details of the statement `find(filter, options)` would run. */
  explain(collection: string, filter?: Filter, options?: FindOptions): Promise<string[]>;
  /** The EXPLAIN QUERY PLAN details of the statement `count(filter)` would run. */
  explainCount(collection: string, filter?: Filter): Promise<string[]>;
  /** Reads a pragma's current value, e.g. 'journal_mode'. */
  pragma(name: string): Promise<unknown>;
  /** Transaction, commit and checkpoint counters. */
  stats(): SqliteStoreStats;
  /** Asks the checkpoint worker for a pass now rather than at its next interval. */
  nudgeCheckpointer(): void;
  /** Makes the next batch COMMIT throw `error` (then roll back), as a failing disk would. */
  failNextCommit(error: Error): void;
  /** Kills the checkpoint worker as a crash would; resolves once the store has noticed. */
  crashCheckpointer(): Promise<void>;
}

export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStoreImpl(options);
}

export function sqliteTestHooks(store: Store): SqliteStoreTestHooks {
  if (!(store instanceof SqliteStoreImpl)) throw new TypeError('not a SQLite store');
  return {
    explain: (collection, filter, options) => store.explain(collection, filter, options),
    explainCount: (collection, filter) => store.explainCount(collection, filter),
    pragma: (name) => store.readPragma(name),
    stats: () => store.stats(),
    nudgeCheckpointer: () => store.nudgeCheckpointer(),
    failNextCommit: (error) => store.failNextCommit(error),
    crashCheckpointer: () => store.crashCheckpointer(),
  };
}

const COLLECTION_NAME = /^[A-Za-z0-9_]+$/;
const STATEMENT_CACHE_LIMIT = 1000;

const DEFAULT_BATCH_TRANSACTIONS = 100;
const DEFAULT_BATCH_MS = 10;
/** SQLite's own default, restored when background checkpoints are off or fail. */
const AUTOCHECKPOINT_PAGES = 1000;

export class SqliteStoreImpl implements SqliteStore {
  readonly path: string;
  readonly description: string;
  readonly gate = new Gate((first) => void this.groupCommit.runBatch(first));
  closed = false;
  /** The worker checkpointing a file store's WAL, when checkpoints are 'background'. */
  readonly checkpointer: Checkpointer | undefined;

  private readonly db: Db;
  private readonly groupCommit: GroupCommit;
  private readonly states = new Map<string, CollectionState>();
  private readonly statements = new Map<string, Statement>();
  private closing: Promise<void> | undefined;

  constructor({
    path,
    synchronous = 'NORMAL',
    busyTimeoutMs = 5000,
    groupCommit = {},
    checkpoints = 'background',
    checkpointIntervalMs = 200,
    walLimitBytes = 64 * 1024 * 1024,
  }: SqliteStoreOptions) {
    if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
      throw new StoreQueryError(`synchronous must be 'NORMAL' or 'FULL'`);
    }
    if (checkpoints !== 'background' && checkpoints !== 'auto') {
      throw new StoreQueryError(`checkpoints must be 'background' or 'auto'`);
    }
    const batchTransactions = groupCommit === false ? 1 : Math.max(1, Math.floor(groupCommit.maxTransactions ?? DEFAULT_BATCH_TRANSACTIONS));
    const batchMs = groupCommit === false ? 0 : Math.max(0, groupCommit.maxMs ?? DEFAULT_BATCH_MS);
    const memory = path === ':memory:';
    this.path = memory ? path : resolvePath(path);
    this.description = `sqlite:${this.path}`;
    try {
      if (!memory) mkdirSync(dirname(this.path), { recursive: true });
      this.db = new Database(this.path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${synchronous}`);
      // Savepoint journals (one per grouped transaction) stay in memory instead of a temp file.
      this.db.pragma('temp_store = MEMORY');
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      this.db.function('ofi_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : null));
      this.groupCommit = new GroupCommit(this, this.db, batchTransactions, batchMs);
    } catch (e) {
      throw new StoreUnavailableError(`cannot open SQLite store at ${this.path}`, { cause: e });
    }
    if (!memory && checkpoints === 'background') {
      this.checkpointer = this.startCheckpointer(Math.max(1, checkpointIntervalMs), Math.max(0, walLimitBytes));
    }
  }

  /** Copying a whole store (oficio migrate): every document table, and inserts that keep versions. */
  readonly copying: StoreCopying = {
    listCollections: () => this.listCollections(),
    importDocuments: (name, docs) => this.importDocuments(name, docs),
  };

  collection<T extends object>(name: string, spec?: CollectionSpec): Collection<T> {
    const state = this.state(name);
    if (spec?.indexes) declareIndexes(state, spec);
    if (spec?.text !== undefined) declareText(state, spec.text);
    return (state.storeHandle ??= new SqliteCollection<object>(this, state, undefined)) as unknown as Collection<T>;
  }

  /**
   * Runs `work` between a savepoint (or BEGIN IMMEDIATE) and the batch's COMMIT; see
   * GroupCommit.runBatch (transactions.ts).
   * Work that awaits `store.transaction` or `store.collection(...)` instead of its `tx` queues
   * behind itself and never finishes, and so does work that awaits the promise of a transaction
   * queued before it (that one resolves only when the batch both are in commits). Only a leaked
   * `tx` used after the end can be detected (StoreQueryError).
   */
  transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.gate.transaction({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  close(): Promise<void> {
    this.closing ??= this.gate.hold(async () => {
      this.closed = true;
      this.statements.clear();
      try {
        if (this.checkpointer) {
          await this.checkpointer.stop();
          // The last checkpoint, on this connection now that the worker's is closed; closing
          // the last connection then removes the WAL altogether.
          this.db.pragma('wal_checkpoint(TRUNCATE)');
        }
      } catch {
        // Closing checkpoints again; a busy file (another process) just keeps its WAL.
      } finally {
        this.db.close();
      }
    });
    return this.closing;
  }

  private listCollections(): Promise<string[]> {
    return this.gate.sync(() => {
      if (this.closed) throw new StoreUnavailableError('listCollections: the store is closed');
      try {
        const tables = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck(true).all() as string[];
        // Multikey side tables, full-text tables and SQLite's own have other columns than a collection's three.
        return tables
          .filter((name) => COLLECTION_NAME.test(name) && !/^sqlite_/i.test(name))
          .filter((name) => (this.db.pragma(`table_info("${name}")`) as Array<{ name: string }>).map((c) => c.name).join(',') === 'id,version,doc')
          .sort();
      } catch (e) {
        throw this.failure(e, 'listCollections');
      }
    });
  }

  private importDocuments(name: string, docs: Array<Stored<object>>): Promise<void> {
    return this.gate.sync(() => {
      if (this.closed) throw new StoreUnavailableError(`importDocuments on ${name}: the store is closed`);
      const state = this.state(name);
      try {
        this.ensure(state, undefined);
        const rows = docs.map((doc) => {
          const { id, version, ...fields } = doc as unknown as Record<string, unknown>;
          const docId = checkId(id);
          if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
            throw new StoreQueryError(`${name}/${docId}: a version must be a positive integer`);
          }
          return [docId, version, toJson(fields, name, docId)] as const;
        });
        const insert = this.statement(`INSERT INTO ${state.table} (id, version, doc) VALUES (?, ?, ?)`, 'run');
        this.atomically(() => {
          for (const [id, version, json] of rows) {
            try {
              insert.run(id, version, json);
            } catch (e) {
              throw this.writeError(e, state, id);
            }
          }
        });
      } catch (e) {
        throw this.failure(e, `importDocuments on ${name}`);
      }
    });
  }

  explain(collection: string, filter?: Filter, options?: FindOptions): Promise<string[]> {
    const state = this.state(collection);
    return this.gate.sync(() => {
      this.ensure(state, undefined);
      const { sql, params } = buildFind(state, filter, options);
      const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
      return rows.map((row) => row.detail);
    });
  }

  explainCount(collection: string, filter?: Filter): Promise<string[]> {
    const state = this.state(collection);
    return this.gate.sync(() => {
      this.ensure(state, undefined);
      const { sql, params } = buildCount(state, filter);
      const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
      return rows.map((row) => row.detail);
    });
  }

  readPragma(name: string): Promise<unknown> {
    if (!/^[a-z_]+$/.test(name)) return Promise.reject(new StoreQueryError(`invalid pragma ${name}`));
    return this.gate.sync(() => this.db.pragma(name, { simple: true }));
  }

  stats(): SqliteStoreStats {
    const checkpoints = this.checkpointer?.snapshot();
    return {
      transactions: this.groupCommit.transactions,
      commits: this.groupCommit.commits,
      backgroundCheckpoints: checkpoints?.running ?? false,
      checkpoints: checkpoints?.checkpoints ?? 0,
      walRestarts: checkpoints?.restarts ?? 0,
      walBytes: checkpoints?.walBytes ?? 0,
      checkpointFailure: checkpoints?.failure,
    };
  }

  nudgeCheckpointer(): void {
    this.checkpointer?.nudge();
  }

  failNextCommit(error: Error): void {
    this.groupCommit.failNextCommit(error);
  }

  async crashCheckpointer(): Promise<void> {
    await this.checkpointer?.crash();
  }

  private startCheckpointer(intervalMs: number, walLimitBytes: number): Checkpointer | undefined {
    const checkpointer = new Checkpointer({ path: this.path, intervalMs, walLimitBytes, busyTimeoutMs: 1000 }, () => {
      // Back to SQLite's checkpoints inside COMMIT: slower, but the WAL stays bounded.
      if (!this.closed) this.setAutocheckpoint(AUTOCHECKPOINT_PAGES);
    });
    if (!checkpointer.start()) return checkpointer;
    this.setAutocheckpoint(0);
    return checkpointer;
  }

  private setAutocheckpoint(pages: number): void {
    try {
      this.db.pragma(`wal_autocheckpoint = ${pages}`);
    } catch {
      // A connection that cannot take a pragma fails its next statement with the real reason.
    }
  }

  // --- used by collections ------------------------------------------------------------------

  state(name: string): CollectionState {
    let state = this.states.get(name);
    if (state) return state;
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name) || /^sqlite_/i.test(name)) {
      throw new StoreQueryError(`invalid collection name "${name}": use letters, digits and '_' only`);
    }
    state = {
      name,
      table: `"${name}"`,
      indexes: new Map(),
      multikeys: new Map(),
      text: undefined,
      ready: false,
      statements: undefined,
      storeHandle: undefined,
    };
    this.states.set(name, state);
    return state;
  }

  /** Creates the table, indexes and per-collection statements on first use. */
  ensure(state: CollectionState, scope: TxScope | undefined): CollectionStatements {
    if (state.ready) return state.statements!;
    const { table } = state;
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)`);
    for (const index of state.indexes.values()) this.db.exec(index.sql);
    for (const mk of state.multikeys.values()) this.atomically(() => ensureMultikey(this.db, state, mk));
    const text = state.text;
    if (text) this.atomically(() => ensureText(this.db, state, text));
    state.statements = {
      insert: this.db.prepare(`INSERT INTO ${table} (id, version, doc) VALUES (?, 1, ?)`),
      get: this.db.prepare(`SELECT version, doc FROM ${table} WHERE id = ?`).raw(true),
      version: this.db.prepare(`SELECT version FROM ${table} WHERE id = ?`).pluck(true),
      update: this.db.prepare(`UPDATE ${table} SET version = version + 1, doc = ? WHERE id = ? AND version = ?`),
      delete: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
      deleteVersion: this.db.prepare(`DELETE FROM ${table} WHERE id = ? AND version = ?`),
    };
    state.ready = true;
    if (scope) scope.createdSchema.push(state);
    return state.statements;
  }

  /** Prepared statements cached by SQL text; filters of the same shape share one. */
  statement(sql: string, mode: 'raw' | 'pluck' | 'run'): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      // Ad-hoc filters (e.g. $in lists of many lengths) must not grow the cache without bound.
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      statement = this.db.prepare(sql);
      if (mode === 'raw') statement.raw(true);
      else if (mode === 'pluck') statement.pluck(true);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` all-or-nothing (a SAVEPOINT inside a running transaction); the wrapper is made once. */
  atomically(work: () => void): void {
    this.atomicRunner ??= this.db.transaction((run: () => void) => run());
    this.atomicRunner(work);
  }

  private atomicRunner?: (run: () => void) => void;

  /** A failed insert/update: unique violations are conflicts, anything else the backend's. */
  writeError(error: unknown, state: CollectionState, id: string): Error {
    return writeFailure(error, state, id, this.closed);
  }

  /** Port errors pass through; everything else the driver throws becomes StoreUnavailableError. */
  failure(error: unknown, what: string): Error {
    return unavailable(error, what, this.closed);
  }
}
