// Benchmark measurements of the embedded engine durable on SQLite (a temporary FILE database,
// WAL journal, the store's default synchronous=NORMAL). Each measurement opens its own engine on
// its own file, so they do not disturb one another; bench/run.ts orchestrates and prints, and
// test/bench.test.ts runs every function with tiny sizes so the bench cannot rot.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteStore, sqliteTestHooks, type SqliteStore, type SqliteStoreStats } from '../server/store/sqlite/index.js';
import type { EmbeddedEngine } from '../server/engine/embedded/index.js';
import { readConfig } from '../server/config.js';
import { silentLogger } from '../server/log.js';
import { createOficio, type Oficio } from '../server/oficio.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Engines and processes

export interface BenchEngine {
  engine: EmbeddedEngine;
  store: SqliteStore;
  /** The database file. */
  path: string;
  close(): Promise<void>;
}

/** Oficio as npm start builds it (createOficio, the embedded engine, the system clock) on `store`; no worker runs. */
export async function openBenchOficio(store: SqliteStore): Promise<Oficio & { engine: EmbeddedEngine }> {
  const oficio = await createOficio(readConfig({ ENGINE: 'embedded' }), { store, log: silentLogger() });
  return { ...oficio, engine: oficio.engine as EmbeddedEngine };
}

/** A fresh embedded engine on a fresh temporary SQLite file (WAL, synchronous NORMAL), system clock. */
export async function openBenchEngine(): Promise<BenchEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'oficio-bench-'));
  const path = join(dir, 'engine.sqlite');
  const store = createSqliteStore({ path });
  const oficio = await openBenchOficio(store);
  return {
    engine: oficio.engine,
    store,
    path,
    async close() {
      await oficio.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A BPMN document from elements and flows, writing each element's incoming/outgoing references
 * as the modeler does. Elements are [tag, id, inner XML]; flows are [from, to, FEEL condition?].
 */
export function processXml(processId: string, elements: Array<[string, string, string?]>, flows: Array<[string, string, string?]>): string {
  const flowId = (f: [string, string, string?]) => `f_${f[0]}_${f[1]}`;
  const body = elements.map(([tag, id, inner = '']) => {
    const refs = [
      ...flows.filter((f) => f[1] === id).map((f) => `<bpmn:incoming>${flowId(f)}</bpmn:incoming>`),
      ...flows.filter((f) => f[0] === id).map((f) => `<bpmn:outgoing>${flowId(f)}</bpmn:outgoing>`),
    ].join('');
    return `    <bpmn:${tag} id="${id}" name="${id}">${inner}${refs}</bpmn:${tag}>`;
  });
  const flowXml = flows.map(
    (f) =>
      `    <bpmn:sequenceFlow id="${flowId(f)}" sourceRef="${f[0]}" targetRef="${f[1]}">${
        f[2] ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escapeXml(f[2])}</bpmn:conditionExpression>` : ''
      }</bpmn:sequenceFlow>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="defs_${processId}" targetNamespace="http://oficio.bench">
  <bpmn:process id="${processId}" name="${processId}" isExecutable="true">
${[...body, ...flowXml].join('\n')}
  </bpmn:process>
</bpmn:definitions>`;
}

const job = (type: string) => `<bpmn:extensionElements><zeebe:taskDefinition type="${type}"/></bpmn:extensionElements>`;
const user = `<bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>`;

/** (a) start → service task → end. */
export const SIMPLE_BPMN = processXml(
  'bench-simple',
  [
    ['startEvent', 'start'],
    ['serviceTask', 'work', job('bench-work')],
    ['endEvent', 'end'],
  ],
  [
    ['start', 'work'],
    ['work', 'end'],
  ],
);

/**
 * (b) Ten elements: start → exclusive split on `amount` → review | auto (service tasks) → exclusive
 * merge → parallel fork → notify (service task) ∥ approve (user task) → parallel join → end.
 */
export const TEN_BPMN = processXml(
  'bench-ten',
  [
    ['startEvent', 'start'],
    ['exclusiveGateway', 'split'],
    ['serviceTask', 'review', job('bench-review')],
    ['serviceTask', 'auto', job('bench-auto')],
    ['exclusiveGateway', 'merge'],
    ['parallelGateway', 'fork'],
    ['serviceTask', 'notify', job('bench-notify')],
    ['userTask', 'approve', user],
    ['parallelGateway', 'join'],
    ['endEvent', 'end'],
  ],
  [
    ['start', 'split'],
    ['split', 'review', '=amount >= 100'],
    ['split', 'auto', '=amount < 100'],
    ['review', 'merge'],
    ['auto', 'merge'],
    ['merge', 'fork'],
    ['fork', 'notify'],
    ['fork', 'approve'],
    ['notify', 'join'],
    ['approve', 'join'],
    ['join', 'end'],
  ],
);

/** (d) start → user task → end: instances park at the user task. */
export const PARK_BPMN = processXml(
  'bench-park',
  [
    ['startEvent', 'start'],
    ['userTask', 'wait', user],
    ['endEvent', 'end'],
  ],
  [
    ['start', 'wait'],
    ['wait', 'end'],
  ],
);

// ---------------------------------------------------------------------------------------------
// Statistics

export interface Spread {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function spread(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, samples };
}

/** The q-quantile of ascending values (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------
// Throughput: a closed loop of `inFlight` clients, each starting an instance and awaiting its
// completion (createProcessInstance with awaitCompletion, answered when the engine commits the
// instance's end), then starting the next. Completions are counted per measured window.

export interface ThroughputOptions {
  /** Measured windows; the median is reported. */
  runs: number;
  runMs: number;
  warmupMs: number;
  /** Instances in flight at once (the semaphore). */
  inFlight: number;
  /** maxParallelJobs of each job worker. */
  maxParallelJobs: number;
}

export interface ThroughputResult {
  /** Completed instances per second in each window. */
  perSecond: Spread;
  /** Instances the clients saw complete, all windows and warm-up included. */
  completed: number;
  /** COMPLETED instances the store holds at the end (must equal `completed`). */
  completedInStore: number;
  options: ThroughputOptions;
  /** The store's own counters over the whole measurement (group commit, checkpoints). */
  store: SqliteStoreStats;
}

async function closedLoop(b: BenchEngine, processDefinitionId: string, variables: () => Record<string, unknown>, options: ThroughputOptions) {
  const engine = b.engine;
  let completed = 0;
  let stop = false;
  let failure: unknown;
  const client = async () => {
    while (!stop) {
      try {
        await engine.createProcessInstance({ processDefinitionId, variables: variables(), awaitCompletion: true, requestTimeout: 120_000 });
        completed++;
      } catch (error) {
        failure ??= error;
        stop = true;
      }
    }
  };
  const clients = Array.from({ length: options.inFlight }, client);
  const perSecond: number[] = [];
  await sleep(options.warmupMs);
  for (let run = 0; run < options.runs && !failure; run++) {
    const c0 = completed;
    const t0 = performance.now();
    await sleep(options.runMs);
    perSecond.push(((completed - c0) * 1000) / (performance.now() - t0));
  }
  stop = true;
  await Promise.all(clients);
  if (failure) throw failure;
  const { page } = await engine.searchProcessInstances({ filter: { processDefinitionId, state: 'COMPLETED' }, page: { limit: 1 } });
  return { perSecond: spread(perSecond), completed, completedInStore: page.totalItems, options, store: sqliteTestHooks(b.store).stats() };
}

/** (a) Completed instances/s of start → service task → end. */
export async function measureSimpleThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const b = await openBenchEngine();
  try {
    await b.engine.createDeployment({ resources: [{ name: 'bench-simple.bpmn', content: SIMPLE_BPMN }] });
    b.engine.createJobWorker({ jobType: 'bench-work', maxParallelJobs: options.maxParallelJobs, jobTimeoutMs: 60_000, jobHandler: (j) => j.complete({}) });
    return await closedLoop(b, 'bench-simple', () => ({}), options);
  } finally {
    await b.close();
  }
}

/**
 * (b) Completed instances/s of the ten-element process: job workers for the three service tasks;
 * the user task is completed by a loop that polls searchUserTasks and completes what it finds.
 */
export async function measureTenElementThroughput(options: ThroughputOptions): Promise<ThroughputResult & { userTaskPolls: number }> {
  const b = await openBenchEngine();
  let running = true;
  let polls = 0;
  let completer: Promise<void> | undefined;
  try {
    await b.engine.createDeployment({ resources: [{ name: 'bench-ten.bpmn', content: TEN_BPMN }] });
    for (const jobType of ['bench-review', 'bench-auto', 'bench-notify']) {
      b.engine.createJobWorker({ jobType, maxParallelJobs: options.maxParallelJobs, jobTimeoutMs: 60_000, jobHandler: (j) => j.complete({ [jobType.slice(6)]: true }) });
    }
    const engine = b.engine;
    completer = (async () => {
      while (running) {
        const { items } = await engine.searchUserTasks({ filter: { state: 'CREATED', processDefinitionId: 'bench-ten' }, page: { limit: 500 } });
        polls++;
        if (!items.length) {
          await sleep(1);
          continue;
        }
        // Completed together; the next poll starts once these have committed.
        await Promise.all(items.map((t) => engine.completeUserTask({ userTaskKey: t.userTaskKey!, variables: { approved: true } })));
      }
    })();
    let n = 0;
    const result = await closedLoop(b, 'bench-ten', () => ({ amount: n++ % 2 ? 50 : 150 }), options);
    return { ...result, userTaskPolls: polls };
  } finally {
    running = false;
    await completer;
    await b.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Job dispatch latency: from createProcessInstance resolving (just after the commit that created
// the job) to the job handler being invoked.

export interface LatencyOptions {
  /** Open-loop arrival rate under load, instances per second. */
  ratePerSec: number;
  loadedMs: number;
  /** One instance at a time, each waiting for its handler, for the unloaded figure. */
  unloadedSamples: number;
  maxParallelJobs: number;
}

export interface LatencyStats {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** Handlers invoked before createProcessInstance had resolved (counted as 0 ms). */
  beforeResolve: number;
}

export interface LatencyResult {
  loaded: LatencyStats & { ratePerSec: number; achievedPerSec: number };
  unloaded: LatencyStats;
}

function latencyStats(pairs: Array<[number, number]>): LatencyStats {
  const values = pairs.map(([created, invoked]) => Math.max(0, invoked - created)).sort((a, b) => a - b);
  return {
    samples: values.length,
    p50: quantile(values, 0.5),
    p99: quantile(values, 0.99),
    max: values[values.length - 1] ?? NaN,
    beforeResolve: pairs.filter(([created, invoked]) => invoked < created).length,
  };
}

export async function measureDispatchLatency(options: LatencyOptions): Promise<LatencyResult> {
  const b = await openBenchEngine();
  try {
    const engine = b.engine;
    await engine.createDeployment({ resources: [{ name: 'bench-simple.bpmn', content: SIMPLE_BPMN }] });
    const created = new Map<string, number>();
    const invoked = new Map<string, number>();
    const waiting = new Map<string, () => void>();
    engine.createJobWorker({
      jobType: 'bench-work',
      maxParallelJobs: options.maxParallelJobs,
      jobTimeoutMs: 60_000,
      jobHandler: (j) => {
        invoked.set(j.processInstanceKey, performance.now());
        waiting.get(j.processInstanceKey)?.();
        return j.complete({});
      },
    });
    const start = async () => {
      const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'bench-simple', variables: {} });
      created.set(processInstanceKey, performance.now());
      return processInstanceKey;
    };
    const pairsOf = (keys: Iterable<string>) => [...keys].flatMap((k): Array<[number, number]> => (created.has(k) && invoked.has(k) ? [[created.get(k)!, invoked.get(k)!]] : []));

    // Unloaded: one at a time, waiting for the handler, with a pause between.
    await start(); // warm-up
    const unloadedKeys: string[] = [];
    for (let i = 0; i < options.unloadedSamples; i++) {
      let resolveInvoked!: () => void;
      const handled = new Promise<void>((r) => (resolveInvoked = r));
      const { processInstanceKey } = await engine.createProcessInstance({ processDefinitionId: 'bench-simple', variables: {} });
      created.set(processInstanceKey, performance.now());
      if (invoked.has(processInstanceKey)) resolveInvoked();
      else waiting.set(processInstanceKey, resolveInvoked);
      await handled;
      waiting.delete(processInstanceKey);
      unloadedKeys.push(processInstanceKey);
      await sleep(2);
    }
    await engine.idle();

    // Loaded: open-loop arrivals at a fixed rate, not waiting for completions.
    const loadedKeys: string[] = [];
    const pending = new Set<Promise<void>>();
    const t0 = performance.now();
    let issued = 0;
    for (;;) {
      const elapsed = performance.now() - t0;
      if (elapsed >= options.loadedMs) break;
      const due = Math.floor((options.ratePerSec * elapsed) / 1000);
      while (issued < due) {
        issued++;
        const p = start().then((k) => void loadedKeys.push(k));
        pending.add(p);
        void p.finally(() => pending.delete(p));
      }
      await sleep(1);
    }
    const achievedPerSec = (issued * 1000) / (performance.now() - t0);
    await Promise.all(pending);
    await engine.idle();
    for (let i = 0; i < 200 && loadedKeys.some((k) => !invoked.has(k)); i++) await sleep(10);
    return {
      loaded: { ...latencyStats(pairsOf(loadedKeys)), ratePerSec: options.ratePerSec, achievedPerSec },
      unloaded: latencyStats(pairsOf(unloadedKeys)),
    };
  } finally {
    await b.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Stored state per parked instance

export interface FootprintOptions {
  instances: number;
  /** Concurrent createProcessInstance calls while parking. */
  inFlight: number;
}

export interface FootprintResult {
  instances: number;
  /** Growth of db file + WAL after PRAGMA wal_checkpoint(TRUNCATE), per instance. */
  fileBytesPerInstance: number;
  /** Growth of (page_count − freelist_count) × page_size, per instance. */
  pageBytesPerInstance: number;
  /** Growth of the JSON documents (length of the doc column), per instance, by collection. */
  jsonBytesPerInstance: number;
  byCollection: Array<{ collection: string; rowsPerInstance: number; jsonBytesPerInstance: number }>;
  pageSize: number;
}

interface Snapshot {
  fileBytes: number;
  pageBytes: number;
  tables: Map<string, { rows: number; bytes: number }>;
}

async function snapshot(b: BenchEngine): Promise<Snapshot> {
  const hooks = sqliteTestHooks(b.store);
  const pageSize = Number(await hooks.pragma('page_size'));
  const pageCount = Number(await hooks.pragma('page_count'));
  const free = Number(await hooks.pragma('freelist_count'));
  // A second connection to checkpoint the WAL into the file and read the documents' sizes; the
  // engine is idle, so no snapshot of the store's connection holds the checkpoint back.
  const db = new Database(b.path, { timeout: 100 });
  try {
    // The store's own checkpointer (a worker thread, if it has one) may be mid-pass: retry.
    for (let attempt = 0; ; attempt++) {
      const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (!checkpoint?.busy) break;
      if (attempt >= 40) throw new Error('wal_checkpoint(TRUNCATE) stayed blocked by another connection');
      await sleep(25);
    }
    const wal = `${b.path}-wal`;
    const fileBytes = statSync(b.path).size + (existsSync(wal) ? statSync(wal).size : 0);
    const tables = new Map<string, { rows: number; bytes: number }>();
    // Collections only: a multikey index's side table ("<table>__mk_<field>") holds no documents.
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'engine_%' AND name NOT LIKE '%\\_\\_mk\\_%' ESCAPE '\\'`).pluck().all() as string[];
    for (const name of names) {
      const row = db.prepare(`SELECT count(*) AS rows, coalesce(sum(length(doc)), 0) AS bytes FROM "${name}"`).get() as { rows: number; bytes: number };
      tables.set(name, row);
    }
    return { fileBytes, pageBytes: (pageCount - free) * pageSize, tables };
  } finally {
    db.close();
  }
}

/** (d) Bytes of stored state per instance parked at a user task. */
export async function measureParkedFootprint(options: FootprintOptions): Promise<FootprintResult> {
  const b = await openBenchEngine();
  try {
    const engine = b.engine;
    await engine.createDeployment({ resources: [{ name: 'bench-park.bpmn', content: PARK_BPMN }] });
    const park = async (count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(options.inFlight, count) }, async () => {
          while (next < count) {
            next++;
            await engine.createProcessInstance({ processDefinitionId: 'bench-park', variables: { requestId: `REQ-${next}`, amount: next } });
          }
        }),
      );
    };
    await park(20); // tables, indexes and first pages exist before the baseline
    const before = await snapshot(b);
    await park(options.instances);
    const after = await snapshot(b);
    const n = options.instances;
    const byCollection = [...after.tables]
      .map(([collection, a]) => {
        const p = before.tables.get(collection) ?? { rows: 0, bytes: 0 };
        return { collection: collection.replace(/^engine_/, ''), rowsPerInstance: (a.rows - p.rows) / n, jsonBytesPerInstance: (a.bytes - p.bytes) / n };
      })
      .filter((c) => Math.abs(c.rowsPerInstance) >= 0.005 || Math.abs(c.jsonBytesPerInstance) >= 0.5);
    return {
      instances: n,
      fileBytesPerInstance: (after.fileBytes - before.fileBytes) / n,
      pageBytesPerInstance: (after.pageBytes - before.pageBytes) / n,
      jsonBytesPerInstance: byCollection.reduce((sum, c) => sum + c.jsonBytesPerInstance, 0),
      byCollection,
      pageSize: Number(await sqliteTestHooks(b.store).pragma('page_size')),
    };
  } finally {
    await b.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Memory: rss and heapUsed sampled while the measurements run.

export class MemorySampler {
  peakRss = 0;
  peakHeapUsed = 0;
  readonly phases = new Map<string, { rss: number; heapUsed: number }>();
  private phase = 'start';
  private timer?: NodeJS.Timeout;

  constructor(private readonly everyMs = 25) {}

  start() {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  /** Peaks after this are attributed to `phase`. */
  enter(phase: string) {
    this.sample();
    this.phase = phase;
    this.sample();
  }

  stop() {
    this.sample();
    if (this.timer) clearInterval(this.timer);
  }

  sample() {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHeapUsed = Math.max(this.peakHeapUsed, heapUsed);
    const p = this.phases.get(this.phase) ?? { rss: 0, heapUsed: 0 };
    this.phases.set(this.phase, { rss: Math.max(p.rss, rss), heapUsed: Math.max(p.heapUsed, heapUsed) });
  }
}

/** Runs `work` and reports the CPU time this process spent (user + system) as a share of wall time. */
export async function withCpuShare<T>(work: () => Promise<T>): Promise<{ result: T; cpuShare: number; wallMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  const { user, system } = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  return { result, cpuShare: (user + system) / 1000 / wallMs, wallMs };
}

// ---------------------------------------------------------------------------------------------

export function machineInfo() {
  const db = new Database(':memory:');
  const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
  db.close();
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    os: `${platform()} ${release()}`,
    sqlite,
    date: new Date().toISOString(),
    /** 1-minute load average: other processes on the machine skew every figure. */
    load1: loadavg()[0]!,
  };
}
