// The write gate: one FIFO lock over the SQLite connection. Synchronous operations run inline when
// nobody holds it (no await, no allocation beyond the answer's promise); transactions hold it
// across their awaits, and whatever arrives meanwhile queues behind them in arrival order. A running
// batch of transactions (group commit, transactions.ts) takes further transactions straight off the
// head of the queue; anything else at the head ends the batch.
import type { Transaction } from '../port.js';

/** A port-level transaction waiting for (or running in) a batch. */
export interface PendingTx {
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

export class Gate {
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
