// A collection of the SQLite store: the port's operations on one table of JSON documents
// (documents.ts), its reads compiled by query.ts. Outside a transaction each operation queues at the
// store's gate and runs alone; inside one, its transaction's scope already owns the connection.
import { ConflictError, StoreQueryError, StoreUnavailableError } from '../port.js';
import type { Collection, Filter, FindOptions, Page, Stored } from '../port.js';
import { encodeCursor } from '../cursor.js';
import { checkId, rowToDoc, toJson } from './documents.js';
import type { Param } from './filter.js';
import type { IndexDef } from './indexes.js';
import type { MultikeyDef } from './multikey.js';
import type { TextDef } from './text.js';
import { buildCount, buildFind, compileWhere } from './query.js';
import type { SqliteStoreImpl, Statement } from './store.js';
import type { TxScope } from './transactions.js';

export interface CollectionStatements {
  insert: Statement;
  get: Statement;
  version: Statement;
  update: Statement;
  delete: Statement;
  deleteVersion: Statement;
}

/** What the store knows of one collection: its table, the indexes declared on it, its statements. */
export interface CollectionState {
  name: string;
  table: string;
  indexes: Map<string, IndexDef>;
  /** Multikey indexes by their array field: one side table each. */
  multikeys: Map<string, MultikeyDef>;
  /** The full-text index (text.ts), when the spec declares text fields. */
  text: TextDef | undefined;
  /** Table, indexes and statements exist; reset when a transaction that created them rolls back. */
  ready: boolean;
  statements: CollectionStatements | undefined;
  storeHandle: SqliteCollection<object> | undefined;
}

export class SqliteCollection<T extends object> implements Collection<T> {
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
          current === undefined ? 'the document does not exist (missing or deleted)' : `version mismatch: expected ${expectedVersion}, stored ${current}`,
        );
      }
      return { ...fields, id, version: expectedVersion + 1 } as unknown as Stored<T>;
    });
  }

  delete(id: string, expectedVersion?: number): Promise<boolean> {
    return this.run('delete', () => {
      const statements = this.store.ensure(this.state, this.scope);
      const result = expectedVersion === undefined ? statements.delete.run(id) : statements.deleteVersion.run(id, expectedVersion);
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
