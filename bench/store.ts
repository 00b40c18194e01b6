// Micro-benchmark of the SQLite store's transaction path: N concurrent port-level transactions,
// each a get + update (optimistic) + insert, as the embedded engine's commands are.
// Run directly: node --import tsx bench/store.ts [count] [concurrency] [runs]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSqliteStore, sqliteTestHooks } from '../server/store/sqlite/index.js';
import type { SqliteStoreOptions } from '../server/store/sqlite/index.js';

export interface StoreBenchOptions {
  /** Store file; a fresh temporary file when omitted. ':memory:' works too. */
  path?: string;
  /** Transactions in flight at once (one counter document per lane, so none conflict). */
  concurrency?: number;
  /** Transactions in total. */
  count?: number;
  /** Passed through to createSqliteStore (e.g. groupCommit: false, checkpoints: 'auto'). */
  store?: Omit<SqliteStoreOptions, 'path'>;
}

export interface StoreBenchResult {
  transactions: number;
  seconds: number;
  transactionsPerSecond: number;
  /** SQLite COMMITs issued: fewer than transactions when group commit batched them. */
  commits: number;
  /** Checkpoints the background checkpointer ran during the run (0 when it is off). */
  checkpoints: number;
}

interface Lane {
  n: number;
  payload: string;
}

export async function measureStoreTransactions(options: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const concurrency = options.concurrency ?? 32;
  const count = options.count ?? 10_000;
  const temp = options.path === undefined ? mkdtempSync(join(tmpdir(), 'oficio-bench-store-')) : undefined;
  const path = options.path ?? join(temp!, 'store.db');
  const store = createSqliteStore({ ...options.store, path });
  try {
    const lanes = store.collection<Lane>('bench_lanes');
    const events = store.collection<{ lane: number; seq: number; payload: string }>('bench_events', {
      indexes: [{ fields: ['lane', 'seq'] }],
    });
    const payload = 'x'.repeat(200);
    await lanes.insertMany(Array.from({ length: concurrency }, (_, i) => ({ id: `lane${i}`, n: 0, payload })));
    await events.count();
    const hooks = sqliteTestHooks(store);
    const before = hooks.stats();

    let next = 0;
    const started = performance.now();
    const lane = async (i: number) => {
      const id = `lane${i}`;
      while (next < count) {
        const seq = next++;
        await store.transaction(async (tx) => {
          const txLanes = tx.collection<Lane>('bench_lanes');
          const current = (await txLanes.get(id))!;
          await txLanes.update(id, { n: current.n + 1, payload }, current.version);
          await tx.collection<{ lane: number; seq: number; payload: string }>('bench_events').insert({
            id: `e${seq}`,
            lane: i,
            seq,
            payload,
          });
        });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, i) => lane(i)));
    const seconds = (performance.now() - started) / 1000;
    const after = hooks.stats();
    return {
      transactions: count,
      seconds,
      transactionsPerSecond: count / seconds,
      commits: after.commits - before.commits,
      checkpoints: after.checkpoints - before.checkpoints,
    };
  } finally {
    await store.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

/** Runs the measurement `runs` times on fresh files and answers the median run (by throughput). */
export async function medianStoreTransactions(options: StoreBenchOptions = {}, runs = 5): Promise<StoreBenchResult> {
  const results: StoreBenchResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await measureStoreTransactions(options));
  results.sort((a, b) => a.transactionsPerSecond - b.transactionsPerSecond);
  return results[Math.floor(results.length / 2)]!;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(process.argv[2] ?? 10_000);
  const concurrency = Number(process.argv[3] ?? 32);
  const runs = Number(process.argv[4] ?? 5);
  const variants: Array<[string, Omit<SqliteStoreOptions, 'path'>]> = [
    ['default (group commit + background checkpoints)', {}],
    ['group commit only (autocheckpoint)', { checkpoints: 'auto' }],
    ['background checkpoints only (no group commit)', { groupCommit: false }],
    ['neither (previous behaviour)', { groupCommit: false, checkpoints: 'auto' }],
  ];
  for (const [label, store] of variants) {
    const r = await medianStoreTransactions({ count, concurrency, store }, runs);
    console.log(
      `${label.padEnd(50)} ${Math.round(r.transactionsPerSecond).toString().padStart(7)} tx/s` +
        `  (median of ${runs}; ${count} tx, concurrency ${concurrency}, ${r.commits} commits, ${r.checkpoints} bg checkpoints)`,
    );
  }
}
