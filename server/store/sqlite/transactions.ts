// Port transactions on the one SQLite connection: the scope a transaction's work writes through,
// and group commit — transactions queued behind each other at the gate (gate.ts) run back to back
// in one SQLite transaction, each in its own SAVEPOINT, and commit together.
import { performance } from 'node:perf_hooks';
import { StoreQueryError, StoreUnavailableError } from '../port.js';
import type { Collection, Transaction } from '../port.js';
import { SqliteCollection, type CollectionState } from './collection.js';
import type { PendingTx } from './gate.js';
import type { Db, SqliteStoreImpl, Statement } from './store.js';

/** The `tx` a transaction's work receives: its collections write inside the batch's transaction. */
export class TxScope implements Transaction {
  active = true;
  /** Collections whose schema this transaction created: a rollback undoes that DDL too. */
  readonly createdSchema: CollectionState[] = [];

  constructor(private readonly store: SqliteStoreImpl) {}

  collection<T extends object>(name: string): Collection<T> {
    if (!this.active) throw new StoreQueryError('transaction already finished');
    return new SqliteCollection<T>(this.store, this.store.state(name), this);
  }
}

/** A batch member whose work succeeded: it resolves once the batch has committed. */
interface Done {
  tx: PendingTx;
  value: unknown;
}

/** Commits after which the checkpoint worker is nudged instead of waiting for its interval. */
const NUDGE_EVERY_COMMITS = 1000;

/**
 * Group commit on the store's connection: the gate hands it each transaction that finds the gate
 * free, and the batch that transaction starts takes the transactions queued behind it.
 */
export class GroupCommit {
  /** Port-level transactions committed. */
  transactions = 0;
  /** SQLite COMMITs of port-level transactions (fewer than `transactions` when batched). */
  commits = 0;
  private commitsSinceNudge = 0;
  private injectedCommitFailure: Error | undefined;
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;
  private readonly savepoint: Statement;
  private readonly releaseSavepoint: Statement;
  private readonly rollbackToSavepoint: Statement;

  constructor(
    private readonly store: SqliteStoreImpl,
    private readonly db: Db,
    /** Members of one batch at most (1: every transaction commits on its own). */
    private readonly batchTransactions: number,
    /** How long after its BEGIN a batch still takes further members. */
    private readonly batchMs: number,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT ofi_tx');
    this.releaseSavepoint = db.prepare('RELEASE ofi_tx');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO ofi_tx');
  }

  /** Makes the next batch COMMIT throw `error` (then roll back), as a failing disk would. */
  failNextCommit(error: Error): void {
    this.injectedCommitFailure = error;
  }

  /**
   * Owns the gate from `first` until it releases it. Runs `first` and then every transaction at
   * the head of the queue, in queue order, inside one SQLite transaction: the first member right
   * after BEGIN IMMEDIATE, each later one in a savepoint, so a failing member rolls back only its
   * own writes and rejects at once, while later members see the writes of earlier ones. One
   * COMMIT ends the batch; only then do the successful members resolve, so no promise resolves
   * before its writes are durable. A non-transaction at the head of the queue, the size bound
   * or the time bound ends the batch; a failed COMMIT rejects every member that was waiting on it.
   */
  async runBatch(first: PendingTx): Promise<void> {
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
      if (this.store.checkpointer?.wantsPause()) await this.store.checkpointer.pause();
      while (member !== undefined) {
        current = member;
        member = undefined;
        if (this.store.closed) current.reject(new StoreUnavailableError('transaction: the store is closed'));
        else {
          if (!open) {
            try {
              this.begin.run();
              open = true;
              deadline = performance.now() + this.batchMs;
            } catch (e) {
              current.reject(this.store.failure(e, 'begin transaction'));
            }
          }
          if (open) open = await this.runMember(current, done, schema);
        }
        if (done.length < this.batchTransactions && (!open || performance.now() < deadline)) {
          member = this.store.gate.nextTransaction();
        }
      }
      if (open) this.commitBatch(done, schema);
    } catch (e) {
      // Only a bug gets here: never leave the connection inside a transaction nor a caller hanging.
      for (const state of schema) state.ready = false;
      this.rollbackQuietly();
      const error = this.store.failure(e, 'transaction');
      for (const { tx } of done) tx.reject(error);
      current.reject(error); // a no-op when it had settled already
      done.length = 0;
    }
    this.store.gate.release();
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
        tx.reject(this.store.failure(e, 'begin transaction'));
        return true;
      }
    }
    const scope = new TxScope(this.store);
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
        error = this.store.failure(e, 'commit');
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
      this.abandon(done, schema, this.store.failure(e, 'rollback'));
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
      this.abandon(done, schema, this.store.failure(e, 'commit'));
      this.rollbackQuietly();
      return;
    }
    this.commits++;
    this.transactions += done.length;
    if (this.store.checkpointer && ++this.commitsSinceNudge >= NUDGE_EVERY_COMMITS) {
      this.commitsSinceNudge = 0;
      this.store.checkpointer.nudge();
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
}
