// Background WAL checkpoints for a file store. SQLite's automatic checkpoint runs inside COMMIT on
// the committing connection, i.e. on the main thread, where it costs milliseconds every ~1000
// pages. Instead the main connection turns autocheckpointing off and a worker thread with its own
// connection to the same file checkpoints PASSIVE every interval: that never waits for, nor
// blocks, the writer.
//
// Under steady writes a PASSIVE checkpoint rarely catches up with the writer exactly, so the
// writer never gets to restart the WAL from its beginning and the WAL keeps growing. When it
// holds more than its bound the worker raises a flag in shared memory; the store sees it when it
// next starts a batch, stops issuing statements (keeping its gate asynchronously: the main thread
// stays free for other work) and tells the worker, which then checkpoints RESTART with nobody to
// wait for: the next commit writes from the WAL's beginning again, so the file stops growing.
// Letting the worker RESTART/TRUNCATE on its own would make it hold the write lock while the main
// connection sleeps in SQLite's busy handler: pauses of hundreds of ms, measured. (TRUNCATE would
// also shrink the file, but ftruncate of a big WAL took ~80 ms here; close() truncates instead.)
//
// Durability does not depend on any of this: a commit is in the WAL before COMMIT returns, and a
// checkpoint only copies committed frames into the database file. A worker that fails (or cannot
// start) hands checkpointing back to SQLite's automatic checkpoints on the main connection.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** Absolute path of the database file. */
  path: string;
  /** How often the worker checkpoints (PASSIVE). */
  intervalMs: number;
  /** When the WAL holds more than this, it is restarted from its beginning (see above). */
  walLimitBytes: number;
  /** How long a RESTART waits for another process's lock before giving up until next time. */
  busyTimeoutMs: number;
}

export interface CheckpointStats {
  /** True while the worker checkpoints; false before it started, after it failed or stopped. */
  running: boolean;
  /** Checkpoint passes that copied frames into the database (PASSIVE or RESTART). */
  checkpoints: number;
  /** RESTART checkpoints: the WAL outgrew its bound and the store paused for it. */
  restarts: number;
  /** Bytes of WAL content (not file size) at the last reported checkpoint. */
  walBytes: number;
  /** Why the worker stopped checkpointing, when it failed. */
  failure: string | undefined;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'checkpoint'; mode: 'PASSIVE' | 'RESTART'; walBytes: number }
  | { type: 'resume' }
  | { type: 'error'; message: string }
  | { type: 'stopped' };

// The shared flag's states: the worker asks (ASKED), the store pauses and answers (PAUSED), the
// worker restarts the WAL and clears it (IDLE) before it posts 'resume'.
const IDLE = 0;
const ASKED = 1;
const PAUSED = 2;
/** The longest the store pauses for a restart before going on regardless. */
const PAUSE_TIMEOUT_MS = 5000;
/** PASSIVE passes in a row while they make progress and more than this many frames remain. */
const CATCH_UP_FRAMES = 256;

// Plain CommonJS, evaluated by the worker: works the same under tsx, node and jest's ESM VM.
const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { path, intervalMs, walLimitBytes, busyTimeoutMs } = workerData;
const flag = new Int32Array(workerData.flag);
let db;
let timer;
let frameBytes = 4096 + 24;
let last = '';

function walBytes(frames) {
  return frames > 0 ? 32 + frames * frameBytes : 0;
}

function report(mode, result) {
  const key = mode + ':' + result.log + ':' + result.checkpointed;
  if (mode === 'RESTART' || (result.checkpointed > 0 && key !== last)) {
    last = key;
    parentPort.postMessage({ type: 'checkpoint', mode, walBytes: mode === 'RESTART' ? 0 : walBytes(result.log) });
  }
}

function checkpoint() {
  // PASSIVE copies what it can without waiting. The writer appends meanwhile: catch up with a
  // few more passes while they make progress, so that a pause finds little left to copy.
  let result = db.pragma('wal_checkpoint(PASSIVE)')[0];
  for (let pass = 1; pass < 8 && result.log - result.checkpointed > ${CATCH_UP_FRAMES}; pass++) {
    const before = result;
    result = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (result.log === before.log && result.checkpointed <= before.checkpointed) break;
  }
  report('PASSIVE', result);
  if (walBytes(result.log) > walLimitBytes) Atomics.compareExchange(flag, 0, ${IDLE}, ${ASKED});
}

function restart() {
  try {
    const result = db.pragma('wal_checkpoint(RESTART)')[0];
    report(result.busy === 0 ? 'RESTART' : 'PASSIVE', result);
  } catch (error) {
    // SQLITE_BUSY: another process holds a lock past busy_timeout; the next pass asks again.
    if (!error || error.code !== 'SQLITE_BUSY') throw error;
  } finally {
    Atomics.store(flag, 0, ${IDLE});
    parentPort.postMessage({ type: 'resume' });
  }
}

function fail(error) {
  clearInterval(timer);
  parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) });
  try { if (db) db.close(); } catch {}
  parentPort.close();
}

function guarded(step) {
  try {
    step();
  } catch (error) {
    fail(error);
  }
}

try {
  db = new Database(path, { fileMustExist: true });
  db.pragma('busy_timeout = ' + busyTimeoutMs);
  frameBytes = db.pragma('page_size', { simple: true }) + 24;
  // A connection that never read the database has not opened the WAL: its checkpoints do nothing.
  db.prepare('SELECT count(*) FROM sqlite_master').get();
} catch (error) {
  fail(error);
  return;
}
timer = setInterval(() => guarded(checkpoint), intervalMs);
parentPort.on('message', (message) => {
  if (message === 'nudge') guarded(checkpoint);
  else if (message === 'paused') guarded(restart);
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
  /** Shared with the worker: IDLE, ASKED (the WAL needs restarting) or PAUSED. */
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  /** Settles the store's pause when the worker has restarted the WAL (or failed). */
  private resume: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  private readonly stats: CheckpointStats = {
    running: false,
    checkpoints: 0,
    restarts: 0,
    walBytes: 0,
    failure: undefined,
  };

  /** `onFailure` runs once if the worker fails after it started. */
  constructor(
    private readonly options: CheckpointerOptions,
    private readonly onFailure: (reason: string) => void,
  ) {}

  /** Starts the worker; answers false when it cannot even be created. */
  start(): boolean {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_WRAPPED, {
        eval: true,
        workerData: { ...this.options, driver: driver(), flag: this.flag.buffer },
        // The worker only checkpoints; it needs none of the parent's flags (e.g. --import tsx).
        execArgv: [],
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

  /** The worker asks for a pause to restart the WAL; one shared-memory read, no syscall. */
  wantsPause(): boolean {
    return Atomics.load(this.flag, 0) === ASKED && this.stats.running;
  }

  /**
   * Call while no statement runs on the main connection and none will until this settles: the
   * worker restarts the WAL meanwhile. Settles when it is done, fails, or after a timeout.
   */
  pause(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined || !this.stats.running) return Promise.resolve();
    Atomics.store(this.flag, 0, PAUSED);
    // Writes now wait on this: keep the process alive until they can go on.
    worker.ref();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), PAUSE_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        if (this.resume === done) this.resume = undefined;
        if (this.worker === worker && this.stopping === undefined) worker.unref();
        resolve();
      };
      this.resume = done;
      worker.postMessage('paused');
    });
  }

  /** For tests: the worker dies as if it crashed; the store must fall back by itself. */
  async crash(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await worker.terminate();
    await exited;
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
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), 2000);
    });
    if ((await Promise.race([exited, timeout])) === 'timeout') await worker.terminate();
    clearTimeout(timer);
    this.worker = undefined;
  }

  private receive(message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        break;
      case 'checkpoint':
        this.stats.checkpoints++;
        if (message.mode === 'RESTART') this.stats.restarts++;
        this.stats.walBytes = message.walBytes;
        break;
      case 'resume':
        this.resume?.();
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
    this.resume?.();
  }
}
