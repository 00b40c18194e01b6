// Background WAL checkpoints for a file store. SQLite's automatic checkpoint runs inside COMMIT on
// the committing connection, i.e. on the main thread, where it costs milliseconds every ~1000
// pages. Instead the main connection turns autocheckpointing off and a worker thread with its own
// connection to the same file checkpoints: PASSIVE (never waits for, never blocks the writer)
// every interval, and TRUNCATE when the WAL outgrew its bound, which briefly holds the writer
// lock but leaves only the frames since the last PASSIVE to copy.
//
// Durability does not depend on any of this: a commit is in the WAL before COMMIT returns, and a
// checkpoint only copies committed frames into the database file. A worker that fails (or cannot
// start) hands checkpointing back to SQLite's automatic checkpoints on the main connection.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** Absolute path of the database file. */
  path: string;
  /** How often the worker checkpoints (PASSIVE) when the WAL holds frames not yet copied. */
  intervalMs: number;
  /** When the WAL file is larger than this after a PASSIVE pass, the worker TRUNCATEs it. */
  walLimitBytes: number;
  /** How long a TRUNCATE waits for the writer lock before trying again next time. */
  busyTimeoutMs: number;
}

export interface CheckpointStats {
  /** True while the worker checkpoints; false before it started, after it failed or stopped. */
  running: boolean;
  /** Checkpoint passes that copied frames (PASSIVE or TRUNCATE). */
  checkpoints: number;
  /** TRUNCATE checkpoints (the WAL had outgrown its bound). */
  truncations: number;
  /** The WAL file's size after the last reported checkpoint. */
  walBytes: number;
  /** Why the worker stopped checkpointing, when it failed. */
  failure: string | undefined;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'checkpoint'; mode: 'PASSIVE' | 'TRUNCATE'; walBytes: number }
  | { type: 'error'; message: string }
  | { type: 'stopped' };

// Plain CommonJS, evaluated by the worker: works the same under tsx, node and jest's ESM VM.
const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const { path, intervalMs, walLimitBytes, busyTimeoutMs } = workerData;
const walPath = path + '-wal';
let db;
let timer;
let last = '';

function walSize() {
  try {
    return statSync(walPath).size;
  } catch {
    return 0;
  }
}

function checkpoint() {
  // PASSIVE copies what it can without waiting; repeat while it keeps making progress, since the
  // writer appends meanwhile and a fully copied WAL is what lets the next writer restart it.
  let result = db.pragma('wal_checkpoint(PASSIVE)')[0];
  for (let pass = 1; pass < 4 && result.checkpointed < result.log; pass++) {
    const before = result.checkpointed;
    result = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (result.checkpointed <= before) break;
  }
  let mode = 'PASSIVE';
  if (walSize() > walLimitBytes) {
    try {
      result = db.pragma('wal_checkpoint(TRUNCATE)')[0];
      if (result.busy === 0) mode = 'TRUNCATE';
    } catch (error) {
      // SQLITE_BUSY: the writer held its lock past busy_timeout; the next pass tries again.
      if (!error || error.code !== 'SQLITE_BUSY') throw error;
    }
  }
  const key = mode + ':' + result.log + ':' + result.checkpointed;
  if (mode === 'TRUNCATE' || (result.checkpointed > 0 && key !== last)) {
    last = key;
    parentPort.postMessage({ type: 'checkpoint', mode, walBytes: walSize() });
  }
}

function tick() {
  try {
    checkpoint();
  } catch (error) {
    clearInterval(timer);
    parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) });
    try { db.close(); } catch {}
    parentPort.close();
  }
}

try {
  db = new Database(path, { fileMustExist: true });
  db.pragma('busy_timeout = ' + busyTimeoutMs);
  // A connection that never read the database has not opened the WAL: its checkpoints do nothing.
  db.prepare('SELECT count(*) FROM sqlite_master').get();
} catch (error) {
  parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) });
  parentPort.close();
  return;
}
timer = setInterval(tick, intervalMs);
parentPort.on('message', (message) => {
  if (message === 'nudge') tick();
  else if (message === 'stop') {
    clearInterval(timer);
    try { db.close(); } catch {}
    parentPort.postMessage({ type: 'stopped' });
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

// The worker body runs as a function body so that it may return early.
const WORKER_WRAPPED = `(function () {${WORKER_SOURCE}\n})();`;

let driverPath: string | undefined;

function driver(): string {
  driverPath ??= createRequire(import.meta.url).resolve('better-sqlite3');
  return driverPath;
}

export class Checkpointer {
  private worker: Worker | undefined;
  /** The worker opened its connection and checkpoints. */
  private ready = false;
  private stopping: Promise<void> | undefined;
  private readonly stats: CheckpointStats = {
    running: false,
    checkpoints: 0,
    truncations: 0,
    walBytes: 0,
    failure: undefined,
  };

  /**
   * Starts the worker; answers false when it cannot be created (the caller then keeps SQLite's
   * automatic checkpoints). `onFailure` runs once if the worker fails later.
   */
  constructor(
    private readonly options: CheckpointerOptions,
    private readonly onFailure: (reason: string) => void,
  ) {}

  start(): boolean {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_WRAPPED, {
        eval: true,
        workerData: { ...this.options, driver: driver() },
        // The worker only checkpoints; it needs none of the parent's flags (e.g. --import tsx).
        execArgv: [],
        stdout: false,
        stderr: false,
      });
    } catch (error) {
      this.stats.failure = String((error as Error)?.message ?? error);
      return false;
    }
    // Never keeps the process alive: checkpoints are an optimisation, the WAL is always safe.
    worker.unref();
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('error', (error) => this.fail(String(error?.message ?? error)));
    worker.on('exit', () => {
      if (this.worker === worker && this.stopping === undefined) this.fail('checkpoint worker exited');
    });
    this.worker = worker;
    this.stats.running = true;
    return true;
  }

  /** Asks for a pass now (e.g. after many commits) instead of at the next interval. */
  nudge(): void {
    if (this.stats.running) this.worker?.postMessage('nudge');
  }

  snapshot(): CheckpointStats {
    return { ...this.stats };
  }

  /** Stops the worker and waits until its connection is closed. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const worker = this.worker;
    this.stats.running = false;
    if (worker === undefined) return;
    if (!this.ready) {
      // Still booting (loading the driver, opening the file) and has done nothing yet: waiting
      // for a graceful stop would cost the whole boot; its connection closes with the thread.
      await worker.terminate();
      this.worker = undefined;
      return;
    }
    // Keep the process alive until the worker is gone, so `await store.close()` always settles.
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    try {
      worker.postMessage('stop');
    } catch {
      // Already gone.
    }
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') await worker.terminate();
    this.worker = undefined;
  }

  private receive(message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        break;
      case 'checkpoint':
        this.stats.checkpoints++;
        if (message.mode === 'TRUNCATE') this.stats.truncations++;
        this.stats.walBytes = message.walBytes;
        break;
      case 'error':
        this.fail(message.message);
        break;
      default:
        break;
    }
  }

  private fail(reason: string): void {
    if (!this.stats.running) return;
    this.stats.running = false;
    this.stats.failure = reason;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate().catch(() => undefined);
    this.onFailure(reason);
  }
}
