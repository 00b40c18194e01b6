// The default store adapter: the store port on better-sqlite3, one table of JSON documents per
// collection, one connection serialized by a FIFO gate so async transactions never interleave.
// Transactions queued behind each other share one SQLite transaction (group commit, each in its
// own SAVEPOINT), and a file store's WAL is checkpointed by a worker thread, off the main thread.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConflictError, StoreQueryError, StoreUnavailableError } from '../port.js';
import { decodeCursor, encodeCursor, fnv1a } from '../cursor.js';
import type {
  Collection,
  CollectionSpec,
  Filter,
  FindOptions,
  Page,
  SortField,
  Store,
  StoreCopying,
  Stored,
  Transaction,
} from '../port.js';
import { Checkpointer } from './checkpointer.js';

type Db = Database.Database;
type Statement = Database.Statement<unknown[], unknown>;

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

// ---------------------------------------------------------------------------------------------
// The gate: one FIFO lock over the connection. Synchronous operations run inline when nobody
// holds it (no await, no allocation beyond the answer's promise); transactions hold it across
// their awaits, and whatever arrives meanwhile queues behind them in arrival order. A running
// batch of transactions (group commit) takes further transactions straight off the head of the
// queue; anything else at the head ends the batch.

/** A port-level transaction waiting for (or running in) a batch. */
interface PendingTx {
  work: (tx: Transaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Waiter {
  run: () => void;
  /** A synchronous waiter finishes inside run(); an asynchronous one releases the gate later. */
  sync: boolean;
  /** Set for transactions, which a running batch may take over instead of run() starting one. */
  tx: PendingTx | undefined;
  next: Waiter | undefined;
}

class Gate {
  private busy = false;
  private head: Waiter | undefined;
  private tail: Waiter | undefined;

  /** `startBatch` owns the gate from its call until it calls release(). */
  constructor(private readonly startBatch: (first: PendingTx) => void) {}

  sync<T>(op: () => T): Promise<T> {
    if (!this.busy) {
      try {
        return Promise.resolve(op());
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.enqueue(
        () => {
          try {
            resolve(op());
          } catch (e) {
            reject(e);
          }
        },
        true,
        undefined,
      );
    });
  }

  hold<T>(body: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        body().then(
          (value) => {
            this.release();
            resolve(value);
          },
          (error: unknown) => {
            this.release();
            reject(error);
          },
        );
      };
      if (this.busy) this.enqueue(start, false, undefined);
      else {
        this.busy = true;
        start();
      }
    });
  }

  transaction(pending: PendingTx): void {
    if (this.busy) this.enqueue(() => this.startBatch(pending), false, pending);
    else {
      this.busy = true;
      this.startBatch(pending);
    }
  }

  /** The running batch takes the next waiter over when it is a transaction. */
  nextTransaction(): PendingTx | undefined {
    const waiter = this.head;
    if (waiter === undefined || waiter.tx === undefined) return undefined;
    this.head = waiter.next;
    if (!this.head) this.tail = undefined;
    return waiter.tx;
  }

  release(): void {
    let waiter = this.head;
    while (waiter) {
      this.head = waiter.next;
      if (!this.head) this.tail = undefined;
      waiter.run();
      // An asynchronous holder now owns the gate and releases it when it settles.
      if (!waiter.sync) return;
      waiter = this.head;
    }
    this.busy = false;
  }

  private enqueue(run: () => void, sync: boolean, tx: PendingTx | undefined): void {
    const waiter: Waiter = { run, sync, tx, next: undefined };
    if (this.tail) this.tail.next = waiter;
    else this.head = waiter;
    this.tail = waiter;
  }
}

// ---------------------------------------------------------------------------------------------
// Field paths → SQL expressions. Index definitions and queries must produce byte-identical
// expressions or SQLite's planner will not match them, so there is exactly one producer.

interface FieldSql {
  /** Expression for the field's value: a column for id/version, json_extract otherwise. */
  expr: string;
  /** The quoted JSON path literal, e.g. '$.a.b'; undefined for columns. */
  path: string | undefined;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const INDEX_SEGMENT = /^[0-9]+$/;
const fieldCache = new Map<string, FieldSql>();

function fieldSql(field: string): FieldSql {
  const cached = fieldCache.get(field);
  if (cached) return cached;
  let result: FieldSql;
  if (field === 'id' || field === 'version') result = { expr: field, path: undefined };
  else {
    if (typeof field !== 'string' || field === '') throw new StoreQueryError('empty field name');
    let path = '$';
    for (const segment of field.split('.')) {
      if (!SEGMENT.test(segment)) {
        throw new StoreQueryError(
          `invalid field path "${field}": segments may only hold letters, digits, '_' and '-'`,
        );
      }
      // Numeric segments index into arrays, as they do in MongoDB.
      path += INDEX_SEGMENT.test(segment) ? `[${segment}]` : `.${segment}`;
    }
    const literal = `'${path}'`;
    result = { expr: `json_extract(doc, ${literal})`, path: literal };
  }
  fieldCache.set(field, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Filters compile to SQL text plus positional parameters, appended in text order.

type Param = string | number | null;

function bindScalar(value: unknown, op: string, field: string): Param {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new StoreQueryError(`${op} on ${field}: ${value} is not a finite number`);
      return value;
    // json_extract answers JSON booleans as 1/0, so compare against those.
    case 'boolean':
      return value ? 1 : 0;
    default:
      if (value === null) return null;
      throw new StoreQueryError(`${op} on ${field}: expected a string, number, boolean or null`);
  }
}

function bindRange(value: unknown, op: string, field: string): Param {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new StoreQueryError(`${op} on ${field}: expected a string or a finite number`);
}

function scalarList(value: unknown, op: string, field: string): { values: Param[]; hasNull: boolean } {
  if (!Array.isArray(value)) throw new StoreQueryError(`${op} on ${field}: expected an array`);
  const values: Param[] = [];
  let hasNull = false;
  for (const item of value) {
    const bound = bindScalar(item, op, field);
    if (bound === null) hasNull = true;
    else values.push(bound);
  }
  return { values, hasNull };
}

function placeholders(count: number): string {
  return count === 1 ? '?' : '?' + ', ?'.repeat(count - 1);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

function compileFilter(filter: Filter, params: Param[]): string {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new StoreQueryError('a filter must be an object');
  }
  let sql = '';
  for (const key of Object.keys(filter)) {
    const condition = filter[key];
    if (condition === undefined) continue;
    let part: string;
    if (key === '$or') part = compileOr(condition, params);
    else if (key.charCodeAt(0) === 36 /* $ */) throw new StoreQueryError(`unknown filter operator ${key}`);
    else part = compileField(key, condition, params);
    sql = sql === '' ? part : `${sql} AND ${part}`;
  }
  return sql;
}

function compileOr(alternatives: unknown, params: Param[]): string {
  if (!Array.isArray(alternatives) || alternatives.length === 0) {
    throw new StoreQueryError('$or needs a non-empty array of filters');
  }
  let sql = '';
  for (const alternative of alternatives) {
    const part = compileFilter(alternative as Filter, params) || '1';
    sql = sql === '' ? part : `${sql} OR ${part}`;
  }
  return `(${sql})`;
}

/** `target` compiles the condition against another expression (a multikey side table's column). */
function compileField(field: string, condition: unknown, params: Param[], target?: FieldSql): string {
  const { expr, path } = target ?? fieldSql(field);
  if (condition === null) return `${expr} IS NULL`;
  if (typeof condition !== 'object') {
    params.push(bindScalar(condition, '$eq', field));
    return `${expr} = ?`;
  }
  if (Array.isArray(condition)) {
    throw new StoreQueryError(`${field}: an array is not a condition; use $in, $contains or $containsAny`);
  }
  let sql = '';
  const ops = condition as Record<string, unknown>;
  for (const op of Object.keys(ops)) {
    const value = ops[op];
    if (value === undefined) continue;
    let part: string;
    switch (op) {
      case '$eq': {
        const bound = bindScalar(value, op, field);
        if (bound === null) part = `${expr} IS NULL`;
        else {
          params.push(bound);
          part = `${expr} = ?`;
        }
        break;
      }
      case '$ne': {
        const bound = bindScalar(value, op, field);
        if (bound === null) part = `${expr} IS NOT NULL`;
        else {
          // IS NOT keeps missing fields (NULL) among the matches, as MongoDB does.
          params.push(bound);
          part = `${expr} IS NOT ?`;
        }
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        params.push(bindRange(value, op, field));
        part = `${expr} ${op === '$gt' ? '>' : op === '$gte' ? '>=' : op === '$lt' ? '<' : '<='} ?`;
        break;
      case '$in': {
        const { values, hasNull } = scalarList(value, op, field);
        if (values.length === 0) part = hasNull ? `${expr} IS NULL` : '0';
        else {
          for (const v of values) params.push(v);
          const inList = `${expr} IN (${placeholders(values.length)})`;
          part = hasNull ? `(${inList} OR ${expr} IS NULL)` : inList;
        }
        break;
      }
      case '$nin': {
        const { values, hasNull } = scalarList(value, op, field);
        if (values.length === 0) part = hasNull ? `${expr} IS NOT NULL` : '1';
        else {
          for (const v of values) params.push(v);
          const notIn = `${expr} NOT IN (${placeholders(values.length)})`;
          // NULL NOT IN (...) is NULL, so a missing field needs saying explicitly.
          part = hasNull ? `(${expr} IS NOT NULL AND ${notIn})` : `(${expr} IS NULL OR ${notIn})`;
        }
        break;
      }
      case '$exists':
        if (typeof value !== 'boolean') throw new StoreQueryError(`$exists on ${field}: expected a boolean`);
        // json_type tells an explicit null ('null') from a missing key (NULL).
        if (path === undefined) part = value ? '1' : '0';
        else part = `json_type(doc, ${path}) IS ${value ? 'NOT NULL' : 'NULL'}`;
        break;
      case '$contains': {
        if (path === undefined) throw new StoreQueryError(`$contains on ${field}: not an array field`);
        const bound = bindScalar(value, op, field);
        let match = 'value IS NULL';
        if (bound !== null) {
          params.push(bound);
          match = 'value = ?';
        }
        // Integer keys restrict json_each to array elements (objects have text keys, scalars none).
        part = `EXISTS (SELECT 1 FROM json_each(doc, ${path}) WHERE typeof(key) = 'integer' AND ${match})`;
        break;
      }
      case '$containsAny': {
        if (path === undefined) throw new StoreQueryError(`$containsAny on ${field}: not an array field`);
        const { values, hasNull } = scalarList(value, op, field);
        if (values.length === 0 && !hasNull) {
          part = '0';
          break;
        }
        for (const v of values) params.push(v);
        const inList = values.length > 0 ? `value IN (${placeholders(values.length)})` : '';
        const match =
          inList && hasNull ? `(${inList} OR value IS NULL)` : inList ? inList : 'value IS NULL';
        part = `EXISTS (SELECT 1 FROM json_each(doc, ${path}) WHERE typeof(key) = 'integer' AND ${match})`;
        break;
      }
      case '$like':
        if (typeof value !== 'string') throw new StoreQueryError(`$like on ${field}: expected a string`);
        // SQLite's LIKE folds ASCII only; folding both sides in JS makes it Unicode-aware.
        params.push(`%${escapeLike(value.toLowerCase())}%`);
        part = `ofi_fold(${expr}) LIKE ? ESCAPE '\\'`;
        break;
      default:
        throw new StoreQueryError(`unknown operator ${op} on field ${field}`);
    }
    sql = sql === '' ? part : `${sql} AND ${part}`;
  }
  return sql === '' ? '1' : sql;
}

// ---------------------------------------------------------------------------------------------
// Sorting and cursors. SQLite orders NULL before every value, so NULLs come first ascending and
// last descending; the cursor predicate below encodes exactly that order.

interface SortKey {
  field: string;
  expr: string;
  desc: boolean;
  /** Columns (id, version) are never NULL, which keeps their predicates index-friendly. */
  nullable: boolean;
}

interface SortPlan {
  keys: SortKey[];
  orderBy: string;
  /** Identifies the sort inside a cursor so a cursor cannot silently be reused for another. */
  signature: string;
}

const DEFAULT_SORT: SortPlan = {
  keys: [{ field: 'id', expr: 'id', desc: false, nullable: false }],
  orderBy: 'id ASC',
  signature: 'id+',
};

function sortPlan(sort: SortField[] | undefined): SortPlan {
  if (sort === undefined) return DEFAULT_SORT;
  if (!Array.isArray(sort)) throw new StoreQueryError('sort must be an array');
  if (sort.length === 0) return DEFAULT_SORT;
  const keys: SortKey[] = [];
  let orderBy = '';
  let signature = '';
  let hasId = false;
  for (const { field, order } of sort) {
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw new StoreQueryError(`sort on ${field}: order must be 'asc' or 'desc'`);
    }
    const { expr, path } = fieldSql(field);
    const desc = order === 'desc';
    keys.push({ field, expr, desc, nullable: path !== undefined });
    orderBy += `${orderBy ? ', ' : ''}${expr} ${desc ? 'DESC' : 'ASC'}`;
    signature += `${signature ? ',' : ''}${field}${desc ? '-' : '+'}`;
    if (field === 'id') {
      hasId = true;
      break; // ids are unique: later keys could never matter
    }
  }
  if (!hasId) {
    keys.push({ field: 'id', expr: 'id', desc: false, nullable: false });
    orderBy += ', id ASC';
    signature += ',id+';
  }
  return { keys, orderBy, signature };
}

function decodeSqliteCursor(cursor: string, plan: SortPlan): Param[] {
  return decodeCursor(cursor, plan.signature, plan.keys.length) as Param[];
}

/**
 * Rows strictly after the cursor in the plan's order: the lexicographic expansion
 * (k1 after c1) OR (k1 = c1 AND k2 after c2) OR ..., with "after" and "=" NULL-aware.
 */
function cursorPredicate(plan: SortPlan, values: Param[], params: Param[]): string {
  const { keys } = plan;
  let sql = '';
  // A leading bound on the first key lets the planner turn this into an index range scan.
  const first = keys[0]!;
  const c0 = values[0]!;
  if (!first.desc && c0 !== null) {
    params.push(c0);
    sql = `${first.expr} >= ? AND `;
  } else if (first.desc && c0 === null) {
    sql = `${first.expr} IS NULL AND `;
  } else if (first.desc && !first.nullable) {
    params.push(c0);
    sql = `${first.expr} <= ? AND `;
  }
  let alternatives = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = values[i]!;
    let after: string;
    if (!key.desc) after = value === null ? `${key.expr} IS NOT NULL` : `${key.expr} > ?`;
    else if (value === null) continue; // nothing sorts after NULL descending
    else after = key.nullable ? `(${key.expr} < ? OR ${key.expr} IS NULL)` : `${key.expr} < ?`;
    let term = '';
    for (let j = 0; j < i; j++) {
      const prior = values[j]!;
      if (prior === null) term += `${keys[j]!.expr} IS NULL AND `;
      else {
        params.push(prior);
        term += `${keys[j]!.expr} = ? AND `;
      }
    }
    if (value !== null) params.push(value);
    term += after;
    alternatives = alternatives ? `${alternatives} OR (${term})` : `(${term})`;
  }
  return `${sql}(${alternatives || '0'})`;
}

// ---------------------------------------------------------------------------------------------
// Multikey indexes, as MongoDB indexes arrays. An index whose `multikey` field holds an array gets
// a side table "<table>__mk_<field>" with one row per distinct element of each document's array:
// (doc_id, value, and the index's other fields as columns), indexed (value, other fields…, doc_id)
// like the spec orders them. Triggers on the collection's table keep it: every insert, update,
// delete and deleteMany changes it inside the same statement, so savepoints, group commit and
// rollbacks treat both as one. `$contains` / `$containsAny` on the field then read the side index
// instead of every document's array; the document filter is still applied on top of it, so
// results are exactly those of the generic path.

interface MultikeyIndexDef {
  name: string;
  /** The spec's fields, in its order. */
  fields: string[];
  sql: string;
}

interface MultikeyDef {
  /** The array field. */
  field: string;
  /** Its JSON path literal. */
  path: string;
  /** The side table, unquoted and quoted. */
  rawTable: string;
  table: string;
  /** The other indexed fields → their quoted column in the side table (id is doc_id). */
  columns: Map<string, string>;
  indexes: MultikeyIndexDef[];
}

/** Operators whose meaning on a side column equals their meaning on the document. */
const SIDE_OPS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);

function sideColumn(mk: MultikeyDef, field: string): string | undefined {
  return field === 'id' ? 'doc_id' : mk.columns.get(field);
}

/** The value a side column takes from a row of the collection's table (`NEW`, `OLD` or an alias). */
function sideSource(field: string, row: string): string {
  if (field === 'id' || field === 'version') return `${row}.${field}`;
  return `json_extract(${row}.doc, ${fieldSql(field).path!})`;
}

/** INSERT … SELECT of the side rows of `row`: one per distinct array element (json_each's integer keys). */
function sideInsert(mk: MultikeyDef, row: string, from: string): string {
  let columns = '';
  let values = '';
  for (const [field, column] of mk.columns) {
    columns += `, ${column}`;
    values += `, ${sideSource(field, row)}`;
  }
  return (
    `INSERT INTO ${mk.table} (doc_id, value${columns}) SELECT DISTINCT ${row}.id, j.value${values} ` +
    `FROM ${from}json_each(${row}.doc, ${mk.path}) AS j WHERE typeof(j.key) = 'integer'`
  );
}

function isEquality(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return true;
  if (Array.isArray(condition)) return false;
  const ops = Object.keys(condition).filter((op) => (condition as Record<string, unknown>)[op] !== undefined);
  return ops.length === 1 && ops[0] === '$eq';
}

function isSideSafe(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return true;
  if (Array.isArray(condition)) return false;
  const ops = condition as Record<string, unknown>;
  return Object.keys(ops).every((op) => ops[op] === undefined || SIDE_OPS.has(op));
}

interface SideQuery {
  mk: MultikeyDef;
  /** Conditions on the side table (alias `s`); params in their text order. */
  where: string;
  params: Param[];
  /** One element value is looked up: each document has at most one side row that matches. */
  single: boolean;
  /** The side conditions say everything the filter says: counting needs no document. */
  covered: boolean;
  /** Fields bound by equality (side columns). */
  equal: Set<string>;
  /** An equality on the primary key or on another index's leading field: let the planner choose. */
  otherIndex: boolean;
}

/** The side-table part of a filter with $contains/$containsAny on a multikey field, if any. */
function sideQuery(state: CollectionState, filter: Filter | undefined): SideQuery | undefined {
  if (state.multikeys.size === 0 || filter === undefined || filter === null || typeof filter !== 'object') return undefined;
  let mk: MultikeyDef | undefined;
  for (const key of Object.keys(filter)) {
    const def = state.multikeys.get(key);
    const condition = filter[key] as Record<string, unknown> | undefined;
    if (def && condition !== null && typeof condition === 'object' && !Array.isArray(condition)) {
      if (condition.$contains !== undefined || condition.$containsAny !== undefined) {
        mk = def;
        break;
      }
    }
  }
  if (mk === undefined) return undefined;
  const params: Param[] = [];
  const condition = filter[mk.field] as Record<string, unknown>;
  let covered = true;
  let single = true;
  let where: string;
  if (condition.$contains !== undefined) {
    const bound = bindScalar(condition.$contains, '$contains', mk.field);
    if (bound === null) where = 's.value IS NULL';
    else {
      params.push(bound);
      where = 's.value = ?';
    }
    if (condition.$containsAny !== undefined) covered = false;
  } else {
    const { values, hasNull } = scalarList(condition.$containsAny, '$containsAny', mk.field);
    const distinct = [...new Set(values)];
    if (distinct.length === 0) where = hasNull ? 's.value IS NULL' : '0';
    else if (distinct.length === 1 && !hasNull) {
      params.push(distinct[0]!);
      where = 's.value = ?';
    } else {
      single = false;
      for (const v of distinct) params.push(v);
      const inList = `s.value IN (${placeholders(distinct.length)})`;
      where = hasNull ? `(${inList} OR s.value IS NULL)` : inList;
    }
  }
  for (const op of Object.keys(condition)) {
    if (condition[op] !== undefined && op !== '$contains' && op !== '$containsAny') covered = false;
  }
  const equal = new Set<string>();
  let otherIndex = false;
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === mk.field || value === undefined) continue;
    if (key === '$or') {
      covered = false;
      continue;
    }
    const column = sideColumn(mk, key);
    const selective = isEquality(value) || (value !== null && typeof value === 'object' && !Array.isArray(value) && (value as { $in?: unknown }).$in !== undefined);
    if (selective && (key === 'id' || (!mk.columns.has(key) && [...state.indexes.values()].some((index) => index.fields[0] === key)))) {
      otherIndex = true;
    }
    if (column === undefined || !isSideSafe(value)) {
      covered = false;
      continue;
    }
    where += ` AND ${compileField(key, value, params, { expr: `s.${column}`, path: undefined })}`;
    if (isEquality(value)) equal.add(key);
  }
  return { mk, where, params, single, covered, equal, otherIndex };
}

/**
 * The sort with its keys read from the side table, when one of its indexes yields exactly that
 * order after the equalities: then the side index drives the query and a page stops after
 * `limit` rows instead of sorting every match.
 */
function sideOrder(side: SideQuery, plan: SortPlan): SortPlan | undefined {
  const keys = plan.keys.filter((key) => key.field === 'id' || !side.equal.has(key.field));
  const desc = keys[0]!.desc;
  if (keys.some((key) => key.desc !== desc)) return undefined;
  const wanted = keys.map((key) => key.field).join('\u0000');
  for (const index of side.mk.indexes) {
    const fields = index.fields.includes('id') ? index.fields.slice(0, index.fields.indexOf('id') + 1) : [...index.fields, 'id'];
    let p = 0;
    while (p < fields.length && (fields[p] === side.mk.field || side.equal.has(fields[p]!))) p++;
    if (fields.slice(p).includes(side.mk.field)) continue;
    if (fields.slice(p).join('\u0000') !== wanted) continue;
    // Every sort key is a side column here; equality-bound ones are constant, so ORDER BY skips them.
    const mapped = plan.keys.map((key) => ({ ...key, expr: `s.${sideColumn(side.mk, key.field)!}`, nullable: key.field !== 'id' }));
    return {
      keys: mapped,
      orderBy: mapped
        .filter((key) => key.field === 'id' || !side.equal.has(key.field))
        .map((key) => `${key.expr} ${key.desc ? 'DESC' : 'ASC'}`)
        .join(', '),
      signature: plan.signature,
    };
  }
  return undefined;
}

/** `id IN (side rows)` ahead of the generic filter: the planner may drive from either. */
function sideInWhere(side: SideQuery, generic: string): string {
  const lookup = `id IN (SELECT s.doc_id FROM ${side.mk.table} AS s WHERE ${side.where})`;
  return generic ? `${lookup} AND ${generic}` : lookup;
}

/** WHERE text for count/findOne/deleteMany: generic, plus the side lookup when it applies. */
function compileWhere(state: CollectionState, filter: Filter | undefined, params: Param[]): string {
  if (filter === undefined) return '';
  const own: Param[] = [];
  const generic = compileFilter(filter ?? {}, own);
  const side = sideQuery(state, filter);
  if (side === undefined) {
    for (const p of own) params.push(p);
    return generic;
  }
  for (const p of side.params) params.push(p);
  for (const p of own) params.push(p);
  return sideInWhere(side, generic);
}

// ---------------------------------------------------------------------------------------------
// Collections.

const COLLECTION_NAME = /^[A-Za-z0-9_]+$/;
const STATEMENT_CACHE_LIMIT = 1000;

interface IndexDef {
  name: string;
  fields: string[];
  sql: string;
}

interface CollectionStatements {
  insert: Statement;
  get: Statement;
  version: Statement;
  update: Statement;
  delete: Statement;
  deleteVersion: Statement;
}

interface CollectionState {
  name: string;
  table: string;
  indexes: Map<string, IndexDef>;
  /** Multikey indexes by their array field: one side table each. */
  multikeys: Map<string, MultikeyDef>;
  /** Table, indexes and statements exist; reset when a transaction that created them rolls back. */
  ready: boolean;
  statements: CollectionStatements | undefined;
  storeHandle: SqliteCollection<object> | undefined;
}

class TxScope implements Transaction {
  active = true;
  /** Collections whose schema this transaction created: a rollback undoes that DDL too. */
  readonly createdSchema: CollectionState[] = [];

  constructor(private readonly store: SqliteStoreImpl) {}

  collection<T extends object>(name: string): Collection<T> {
    if (!this.active) throw new StoreQueryError('transaction already finished');
    return new SqliteCollection<T>(this.store, this.store.state(name), this);
  }
}

interface FindSql {
  sql: string;
  params: Param[];
  plan: SortPlan;
  limit: number | undefined;
}

class SqliteCollection<T extends object> implements Collection<T> {
  readonly name: string;

  constructor(
    private readonly store: SqliteStoreImpl,
    private readonly state: CollectionState,
    private readonly scope: TxScope | undefined,
  ) {
    this.name = state.name;
  }

  insert(doc: T & { id: string }): Promise<Stored<T>> {
    return this.run('insert', () => {
      const statements = this.store.ensure(this.state, this.scope);
      const { id, version: _ignored, ...fields } = doc as unknown as Record<string, unknown>;
      const docId = checkId(id);
      const json = toJson(fields, this.name, docId);
      try {
        statements.insert.run(docId, json);
      } catch (e) {
        throw this.store.writeError(e, this.state, docId);
      }
      return { ...fields, id: docId, version: 1 } as unknown as Stored<T>;
    });
  }

  insertMany(docs: Array<T & { id: string }>): Promise<void> {
    return this.run('insertMany', () => {
      if (docs.length === 0) return;
      const statements = this.store.ensure(this.state, this.scope);
      const rows: Array<[string, string]> = docs.map((doc) => {
        const { id, version: _ignored, ...fields } = doc as unknown as Record<string, unknown>;
        const docId = checkId(id);
        return [docId, toJson(fields, this.name, docId)];
      });
      // better-sqlite3 nests this as a SAVEPOINT inside a running transaction: all or nothing.
      this.store.atomically(() => {
        for (const [id, json] of rows) {
          try {
            statements.insert.run(id, json);
          } catch (e) {
            throw this.store.writeError(e, this.state, id);
          }
        }
      });
    });
  }

  get(id: string): Promise<Stored<T> | undefined> {
    return this.run('get', () => {
      const row = this.store.ensure(this.state, this.scope).get.get(id) as [number, string] | undefined;
      if (row === undefined) return undefined;
      const doc = JSON.parse(row[1]) as Record<string, unknown>;
      doc.id = id;
      doc.version = row[0];
      return doc as Stored<T>;
    });
  }

  update(id: string, doc: T, expectedVersion: number): Promise<Stored<T>> {
    return this.run('update', () => {
      const statements = this.store.ensure(this.state, this.scope);
      if (!Number.isInteger(expectedVersion)) {
        throw new StoreQueryError(`update of ${this.name}/${id}: expectedVersion must be an integer`);
      }
      const { id: _id, version: _version, ...fields } = doc as unknown as Record<string, unknown>;
      const json = toJson(fields, this.name, id);
      let changes: number;
      try {
        changes = statements.update.run(json, id, expectedVersion).changes;
      } catch (e) {
        throw this.store.writeError(e, this.state, id);
      }
      if (changes === 0) {
        const current = statements.version.get(id) as number | undefined;
        throw new ConflictError(
          this.name,
          id,
          current === undefined
            ? 'the document does not exist (missing or deleted)'
            : `version mismatch: expected ${expectedVersion}, stored ${current}`,
        );
      }
      return { ...fields, id, version: expectedVersion + 1 } as unknown as Stored<T>;
    });
  }

  delete(id: string, expectedVersion?: number): Promise<boolean> {
    return this.run('delete', () => {
      const statements = this.store.ensure(this.state, this.scope);
      const result =
        expectedVersion === undefined
          ? statements.delete.run(id)
          : statements.deleteVersion.run(id, expectedVersion);
      return result.changes > 0;
    });
  }

  find(filter?: Filter, options?: FindOptions): Promise<Page<T>> {
    return this.run('find', () => {
      this.store.ensure(this.state, this.scope);
      const { sql, params, plan, limit } = buildFind(this.state, filter, options);
      const rows = this.store.statement(sql, 'raw').all(...params) as unknown[][];
      const more = limit !== undefined && rows.length > limit;
      const count = more ? limit : rows.length;
      const items = new Array<Stored<T>>(count);
      for (let i = 0; i < count; i++) items[i] = rowToDoc<T>(rows[i]!);
      if (!more) return { items };
      // Sort values were selected after id, version and doc; they are SQL values exactly as compared.
      return { items, nextCursor: encodeCursor(plan.signature, rows[count - 1]!.slice(3)) };
    });
  }

  findOne(filter: Filter): Promise<Stored<T> | undefined> {
    return this.run('findOne', () => {
      this.store.ensure(this.state, this.scope);
      const params: Param[] = [];
      const where = compileWhere(this.state, filter ?? {}, params);
      const sql = `SELECT id, version, doc FROM ${this.state.table}${where ? ` WHERE ${where}` : ''} LIMIT 1`;
      const row = this.store.statement(sql, 'raw').get(...params) as unknown[] | undefined;
      return row === undefined ? undefined : rowToDoc<T>(row);
    });
  }

  count(filter?: Filter): Promise<number> {
    return this.run('count', () => {
      this.store.ensure(this.state, this.scope);
      const { sql, params } = buildCount(this.state, filter);
      return this.store.statement(sql, 'pluck').get(...params) as number;
    });
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.run('deleteMany', () => {
      this.store.ensure(this.state, this.scope);
      const params: Param[] = [];
      // The IN subquery over the side table is evaluated once, before the triggers change it.
      const where = compileWhere(this.state, filter ?? {}, params);
      const sql = `DELETE FROM ${this.state.table}${where ? ` WHERE ${where}` : ''}`;
      return this.store.statement(sql, 'run').run(...params).changes;
    });
  }

  /** Inside a transaction the scope already owns the connection; outside, queue at the gate. */
  private run<R>(what: string, op: () => R): Promise<R> {
    const scope = this.scope;
    if (scope !== undefined) {
      if (!scope.active) return Promise.reject(new StoreQueryError('transaction already finished'));
      try {
        return Promise.resolve(op());
      } catch (e) {
        return Promise.reject(this.store.failure(e, `${what} on ${this.name}`));
      }
    }
    return this.store.gate.sync(() => {
      if (this.store.closed) throw new StoreUnavailableError(`${what} on ${this.name}: the store is closed`);
      try {
        return op();
      } catch (e) {
        throw this.store.failure(e, `${what} on ${this.name}`);
      }
    });
  }
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw new StoreQueryError('a document id must be a non-empty string');
  return id;
}

function toJson(fields: Record<string, unknown>, collection: string, id: string): string {
  try {
    return JSON.stringify(fields);
  } catch (e) {
    throw new StoreQueryError(`${collection}/${id}: the document is not JSON-serializable (${(e as Error).message})`);
  }
}

function rowToDoc<T>(row: unknown[]): Stored<T> {
  const doc = JSON.parse(row[2] as string) as Record<string, unknown>;
  doc.id = row[0];
  doc.version = row[1];
  return doc as Stored<T>;
}

function buildFind(state: CollectionState, filter: Filter | undefined, options: FindOptions | undefined): FindSql {
  const own: Param[] = [];
  let where = filter ? compileFilter(filter, own) : '';
  let plan = sortPlan(options?.sort);
  const side = filter ? sideQuery(state, filter) : undefined;
  const params: Param[] = side ? [...side.params] : [];
  for (const p of own) params.push(p);
  let from = state.table;
  let columns = 'id, version, doc';
  if (side !== undefined) {
    const ordered = side.single && !side.otherIndex ? sideOrder(side, plan) : undefined;
    if (ordered !== undefined) {
      // The side index drives (CROSS JOIN keeps it the outer loop) in the sort's order.
      plan = ordered;
      from = `${side.mk.table} AS s CROSS JOIN ${state.table} AS t ON t.id = s.doc_id`;
      columns = 't.id, t.version, t.doc';
      where = where ? `${side.where} AND ${where}` : side.where;
    } else {
      where = sideInWhere(side, where);
    }
  }
  const limit = options?.limit;
  const offset = options?.offset;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new StoreQueryError(`limit must be a positive integer, got ${limit}`);
  }
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 0)) {
    throw new StoreQueryError(`offset must be a non-negative integer, got ${offset}`);
  }
  if (options?.after !== undefined) {
    const predicate = cursorPredicate(plan, decodeSqliteCursor(options.after, plan), params);
    where = where ? `${where} AND ${predicate}` : predicate;
  }
  let select = `SELECT ${columns}`;
  // The sort values of the last row become the next cursor; only paged reads need them.
  if (limit !== undefined) for (const key of plan.keys) select += `, ${key.expr}`;
  let sql = `${select} FROM ${from}${where ? ` WHERE ${where}` : ''} ORDER BY ${plan.orderBy}`;
  if (limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(limit + 1);
  }
  if (offset) {
    if (limit === undefined) sql += ' LIMIT -1';
    sql += ' OFFSET ?';
    params.push(offset);
  }
  return { sql, params, plan, limit };
}

function buildCount(state: CollectionState, filter: Filter | undefined): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const where = compileWhere(state, filter, params);
  const side = filter ? sideQuery(state, filter) : undefined;
  if (side?.covered) {
    // The side table alone answers: its index holds every condition (one row per document and value).
    return {
      sql: `SELECT ${side.single ? 'count(*)' : 'count(DISTINCT s.doc_id)'} FROM ${side.mk.table} AS s WHERE ${side.where}`,
      params: side.params,
    };
  }
  return { sql: `SELECT count(*) FROM ${state.table}${where ? ` WHERE ${where}` : ''}`, params };
}


// ---------------------------------------------------------------------------------------------
// The store.

/** A batch member whose work succeeded: it resolves once the batch has committed. */
interface Done {
  tx: PendingTx;
  value: unknown;
}

const DEFAULT_BATCH_TRANSACTIONS = 100;
const DEFAULT_BATCH_MS = 10;
/** SQLite's own default, restored when background checkpoints are off or fail. */
const AUTOCHECKPOINT_PAGES = 1000;
/** Commits after which the checkpoint worker is nudged instead of waiting for its interval. */
const NUDGE_EVERY_COMMITS = 1000;

class SqliteStoreImpl implements SqliteStore {
  readonly path: string;
  readonly description: string;
  readonly gate = new Gate((first) => void this.runBatch(first));
  closed = false;

  private readonly db: Db;
  private readonly states = new Map<string, CollectionState>();
  private readonly statements = new Map<string, Statement>();
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;
  private readonly savepoint: Statement;
  private readonly releaseSavepoint: Statement;
  private readonly rollbackToSavepoint: Statement;
  private readonly batchTransactions: number;
  private readonly batchMs: number;
  private readonly checkpointer: Checkpointer | undefined;
  private closing: Promise<void> | undefined;
  private transactionCount = 0;
  private commitCount = 0;
  private commitsSinceNudge = 0;
  private injectedCommitFailure: Error | undefined;

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
    this.batchTransactions =
      groupCommit === false ? 1 : Math.max(1, Math.floor(groupCommit.maxTransactions ?? DEFAULT_BATCH_TRANSACTIONS));
    this.batchMs = groupCommit === false ? 0 : Math.max(0, groupCommit.maxMs ?? DEFAULT_BATCH_MS);
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
      this.db.function('ofi_fold', { deterministic: true }, (value: unknown) =>
        typeof value === 'string' ? value.toLowerCase() : null,
      );
      this.begin = this.db.prepare('BEGIN IMMEDIATE');
      this.commit = this.db.prepare('COMMIT');
      this.rollback = this.db.prepare('ROLLBACK');
      this.savepoint = this.db.prepare('SAVEPOINT ofi_tx');
      this.releaseSavepoint = this.db.prepare('RELEASE ofi_tx');
      this.rollbackToSavepoint = this.db.prepare('ROLLBACK TO ofi_tx');
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
    if (spec?.indexes) this.declareIndexes(state, spec);
    return (state.storeHandle ??= new SqliteCollection<object>(this, state, undefined)) as unknown as Collection<T>;
  }

  /**
   * Runs `work` between a savepoint (or BEGIN IMMEDIATE) and the batch's COMMIT; see runBatch.
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
        // Multikey side tables and SQLite's own have other columns than a collection's three.
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
      transactions: this.transactionCount,
      commits: this.commitCount,
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
    this.injectedCommitFailure = error;
  }

  async crashCheckpointer(): Promise<void> {
    await this.checkpointer?.crash();
  }

  // --- group commit ---------------------------------------------------------------------------

  /**
   * Owns the gate from `first` until it releases it. Runs `first` and then every transaction at
   * the head of the queue, in queue order, inside one SQLite transaction: the first member right
   * after BEGIN IMMEDIATE, each later one in a savepoint, so a failing member rolls back only its
   * own writes and rejects at once, while later members see the writes of earlier ones. One
   * COMMIT ends the batch; only then do the successful members resolve, so no promise resolves
   * before its writes are durable. A non-transaction at the head of the queue, the size bound
   * or the time bound ends the batch; a failed COMMIT rejects every member that was waiting on it.
   */
  private async runBatch(first: PendingTx): Promise<void> {
    const done: Done[] = [];
    /** Schema created by members that succeeded: the COMMIT failing rolls that DDL back too. */
    const schema: CollectionState[] = [];
    let open = false;
    let deadline = 0;
    let member: PendingTx | undefined = first;
    let current: PendingTx = first;
    try {
      // The checkpoint worker wants to restart a WAL that outgrew its bound: it can do so without
      // waiting for locks while no statement runs here, and this thread stays free meanwhile.
      if (this.checkpointer?.wantsPause()) await this.checkpointer.pause();
      while (member !== undefined) {
        current = member;
        member = undefined;
        if (this.closed) current.reject(new StoreUnavailableError('transaction: the store is closed'));
        else {
          if (!open) {
            try {
              this.begin.run();
              open = true;
              deadline = performance.now() + this.batchMs;
            } catch (e) {
              current.reject(this.failure(e, 'begin transaction'));
            }
          }
          if (open) open = await this.runMember(current, done, schema);
        }
        if (done.length < this.batchTransactions && (!open || performance.now() < deadline)) {
          member = this.gate.nextTransaction();
        }
      }
      if (open) this.commitBatch(done, schema);
    } catch (e) {
      // Only a bug gets here: never leave the connection inside a transaction nor a caller hanging.
      for (const state of schema) state.ready = false;
      this.rollbackQuietly();
      const error = this.failure(e, 'transaction');
      for (const { tx } of done) tx.reject(error);
      current.reject(error); // a no-op when it had settled already
      done.length = 0;
    }
    this.gate.release();
    for (const { tx, value } of done) tx.resolve(value);
  }

  /** Runs one member; answers whether the SQLite transaction is still open afterwards. */
  private async runMember(tx: PendingTx, done: Done[], schema: CollectionState[]): Promise<boolean> {
    // The first member needs no savepoint: if it fails, a plain ROLLBACK loses nothing else.
    const nested = done.length > 0;
    if (nested) {
      try {
        this.savepoint.run();
      } catch (e) {
        tx.reject(this.failure(e, 'begin transaction'));
        return true;
      }
    }
    const scope = new TxScope(this);
    let value: unknown;
    let failed = false;
    let error: unknown;
    try {
      value = await tx.work(scope);
    } catch (e) {
      failed = true;
      error = e;
    }
    scope.active = false;
    if (!this.db.inTransaction) {
      // SQLite itself rolled the whole transaction back (I/O error, disk full, ...): the writes
      // of the earlier members are gone as well.
      for (const state of scope.createdSchema) state.ready = false;
      const lost = new StoreUnavailableError('sqlite transaction was rolled back by the backend', {
        cause: failed ? error : undefined,
      });
      this.abandon(done, schema, lost);
      tx.reject(failed ? error : lost);
      return false;
    }
    if (!failed) {
      try {
        if (nested) this.releaseSavepoint.run();
      } catch (e) {
        failed = true;
        error = this.failure(e, 'commit');
      }
    }
    if (!failed) {
      done.push({ tx, value });
      for (const state of scope.createdSchema) schema.push(state);
      return true;
    }
    // SQLite rolled this member's DDL back along with its writes.
    for (const state of scope.createdSchema) state.ready = false;
    if (!nested) {
      this.rollbackQuietly();
      tx.reject(error);
      return false;
    }
    try {
      this.rollbackToSavepoint.run();
      this.releaseSavepoint.run();
    } catch (e) {
      // The savepoint cannot be undone alone: give up on the whole batch.
      this.abandon(done, schema, this.failure(e, 'rollback'));
      this.rollbackQuietly();
      tx.reject(error);
      return false;
    }
    tx.reject(error);
    return true;
  }

  private commitBatch(done: Done[], schema: CollectionState[]): void {
    if (done.length === 0) {
      this.rollbackQuietly();
      return;
    }
    try {
      const injected = this.injectedCommitFailure;
      if (injected) {
        this.injectedCommitFailure = undefined;
        throw injected;
      }
      this.commit.run();
    } catch (e) {
      this.abandon(done, schema, this.failure(e, 'commit'));
      this.rollbackQuietly();
      return;
    }
    this.commitCount++;
    this.transactionCount += done.length;
    if (this.checkpointer && ++this.commitsSinceNudge >= NUDGE_EVERY_COMMITS) {
      this.commitsSinceNudge = 0;
      this.checkpointer.nudge();
    }
  }

  /** Rejects every member still waiting for the COMMIT and forgets the schema they created. */
  private abandon(done: Done[], schema: CollectionState[], error: Error): void {
    for (const state of schema) state.ready = false;
    schema.length = 0;
    for (const { tx } of done) tx.reject(error);
    done.length = 0;
  }

  private rollbackQuietly(): void {
    try {
      if (this.db.inTransaction) this.rollback.run();
    } catch {
      // The caller reports the error that caused the rollback; a failed ROLLBACK would only
      // mask it, and the next BEGIN surfaces a connection that is still stuck.
    }
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
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)`,
    );
    for (const index of state.indexes.values()) this.db.exec(index.sql);
    for (const mk of state.multikeys.values()) this.atomically(() => this.ensureMultikey(state, mk));
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

  /**
   * The side table of a multikey index, its indexes and its triggers. A side table that is new
   * (or whose columns no longer fit the declared indexes) is filled once from the documents
   * already stored; run atomically, so a crash never leaves a side table without its rows.
   */
  private ensureMultikey(state: CollectionState, mk: MultikeyDef): void {
    const wanted = ['doc_id', 'value', ...[...mk.columns.values()].map((column) => column.slice(1, -1))];
    const existing = (this.db.pragma(`table_info(${mk.table})`) as Array<{ name: string }>).map((c) => c.name);
    if (existing.join('\u0000') !== wanted.join('\u0000')) {
      if (existing.length > 0) this.db.exec(`DROP TABLE ${mk.table}`);
      this.db.exec(`CREATE TABLE ${mk.table} (${wanted.map((name) => `"${name}"`).join(', ')})`);
      this.db.exec(sideInsert(mk, 't', `${state.table} AS t, `));
    }
    this.db.exec(`CREATE INDEX IF NOT EXISTS "ix_${mk.rawTable}_doc" ON ${mk.table} (doc_id)`);
    for (const index of mk.indexes) this.db.exec(index.sql);
    const triggers: Array<[string, string]> = [
      [`${mk.rawTable}_ai`, `AFTER INSERT ON ${state.table} BEGIN ${sideInsert(mk, 'NEW', '')}; END`],
      [
        `${mk.rawTable}_au`,
        `AFTER UPDATE ON ${state.table} BEGIN DELETE FROM ${mk.table} WHERE doc_id = OLD.id; ${sideInsert(mk, 'NEW', '')}; END`,
      ],
      [`${mk.rawTable}_ad`, `AFTER DELETE ON ${state.table} BEGIN DELETE FROM ${mk.table} WHERE doc_id = OLD.id; END`],
    ];
    const current = this.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck(true);
    for (const [name, body] of triggers) {
      const sql = `CREATE TRIGGER "${name}" ${body}`;
      if (current.get(name) === sql) continue;
      this.db.exec(`DROP TRIGGER IF EXISTS "${name}"`);
      this.db.exec(sql);
    }
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
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return withCause(new ConflictError(state.name, id, 'a document with this id already exists'), error);
    }
    if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
      const message = String((error as Error).message);
      let fields = '';
      for (const index of state.indexes.values()) {
        if (message.includes(`'${index.name}'`)) fields = index.fields.join(', ');
      }
      const detail = fields
        ? `unique index on (${fields}) already holds this value`
        : 'a unique value is already taken';
      return withCause(new ConflictError(state.name, id, detail), error);
    }
    return this.failure(error, `write ${state.name}/${id}`);
  }

  /** Port errors pass through; everything else the driver throws becomes StoreUnavailableError. */
  failure(error: unknown, what: string): Error {
    if (
      error instanceof ConflictError ||
      error instanceof StoreQueryError ||
      error instanceof StoreUnavailableError
    ) {
      return error;
    }
    if (this.closed) return new StoreUnavailableError(`${what}: the store is closed`, { cause: error });
    const code = (error as { code?: unknown } | undefined)?.code;
    return new StoreUnavailableError(
      `sqlite ${what} failed${typeof code === 'string' ? ` (${code})` : ''}`,
      { cause: error },
    );
  }

  private declareIndexes(state: CollectionState, spec: CollectionSpec): void {
    for (const index of spec.indexes ?? []) {
      if (!Array.isArray(index.fields) || index.fields.length === 0) {
        throw new StoreQueryError(`index on ${state.name}: fields must be a non-empty array`);
      }
      const unique = index.unique === true;
      if (index.multikey !== undefined) {
        this.declareMultikey(state, index.fields, index.multikey, unique);
        continue;
      }
      const exprs = index.fields.map((field) => fieldSql(field).expr);
      const readable = index.fields.join('_').replace(/[^A-Za-z0-9_]/g, '_');
      // The hash separates field lists that read the same once sanitized (a.b vs a_b).
      const name = `ix_${state.name}_${readable}${unique ? '_u' : ''}_${fnv1a(index.fields.join(',') + (unique ? '!' : ''))}`;
      if (state.indexes.has(name)) continue;
      state.indexes.set(name, {
        name,
        fields: [...index.fields],
        // Non-unique indexes end with id, the implicit last sort key: a sort on the indexed fields
        // then needs no temp b-tree and cursor pages become index range scans.
        sql: `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON ${state.table} (${exprs.join(', ')}${unique || index.fields.includes('id') ? '' : ', id'})`,
      });
      state.ready = false;
    }
  }

  private declareMultikey(state: CollectionState, fields: string[], field: unknown, unique: boolean): void {
    if (typeof field !== 'string' || !fields.includes(field)) {
      throw new StoreQueryError(`index on ${state.name}: multikey must name one of the index's fields`);
    }
    if (unique) throw new StoreQueryError(`index on ${state.name}: a multikey index cannot be unique`);
    if (field === 'id' || field === 'version') throw new StoreQueryError(`index on ${state.name}: ${field} is not an array field`);
    const { path } = fieldSql(field);
    for (const other of fields) fieldSql(other);
    let mk = state.multikeys.get(field);
    if (mk === undefined) {
      const readable = field.replace(/[^A-Za-z0-9_]/g, '_');
      // The hash separates fields that read the same once sanitized (a.b vs a_b).
      const rawTable = `${state.name}__mk_${readable}${readable === field ? '' : `_${fnv1a(field)}`}`;
      mk = { field, path: path!, rawTable, table: `"${rawTable}"`, columns: new Map(), indexes: [] };
      state.multikeys.set(field, mk);
    }
    for (const other of fields) {
      if (other !== field && other !== 'id' && !mk.columns.has(other)) {
        mk.columns.set(other, `"f_${other}"`);
        state.ready = false;
      }
    }
    const name = `ix_${mk.rawTable}_${fields.join('_').replace(/[^A-Za-z0-9_]/g, '_')}_${fnv1a(fields.join(','))}`;
    if (mk.indexes.some((existing) => existing.name === name)) return;
    const columns = fields.map((f) => (f === field ? 'value' : sideColumn(mk, f)!));
    mk.indexes.push({
      name,
      fields: [...fields],
      sql: `CREATE INDEX IF NOT EXISTS "${name}" ON ${mk.table} (${columns.join(', ')}${fields.includes('id') ? '' : ', doc_id'})`,
    });
    state.ready = false;
  }
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
  return error;
}
