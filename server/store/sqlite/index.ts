// The default store adapter: the store port on better-sqlite3, one table of JSON documents per
// collection (documents.ts), one connection serialized by a FIFO gate (gate.ts) so async
// transactions never interleave. Transactions queued behind each other share one SQLite
// transaction (group commit, each in its own SAVEPOINT: transactions.ts), and a file store's WAL is
// checkpointed by a worker thread, off the main thread (checkpointer.ts).
//
// The store (store.ts) opens the file and creates each collection's table on first use; a
// collection (collection.ts) runs the port's operations, its queries compiled by query.ts from
// filters (filter.ts), sorts and cursors (sort.ts), multikey side tables (multikey.ts) and the
// full-text index (text.ts: FTS5); indexes by indexes.ts; driver errors by errors.ts.
export { createSqliteStore, sqliteTestHooks } from './store.js';
export type { SqliteStore, SqliteStoreOptions, SqliteStoreStats, SqliteStoreTestHooks } from './store.js';
