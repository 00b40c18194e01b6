// `npm run bench` (or `npm run bench -- --quick` for a one-short-run smoke): measures the embedded
// engine durable on SQLite and prints the results next to the targets, then the server's reads at
// directorate size (bench/server.ts) and the designer's page weights (bench/designer.ts). The measurements live in bench/engine.ts and
// bench/server.ts; this file only orchestrates and prints.
import {
  MemorySampler,
  machineInfo,
  measureDispatchLatency,
  measureParkedFootprint,
  measureSimpleThroughput,
  measureTenElementThroughput,
  withCpuShare,
  type Spread,
  type ThroughputOptions,
} from './engine.js';
import type { SqliteStoreStats } from '../server/store/sqlite/index.js';
import { runServerBench } from './server.js';
import { runDesignerBench } from './designer.js';

const quick = process.argv.includes('--quick');
const started = Date.now();

const throughput: ThroughputOptions = quick
  ? { runs: 1, runMs: 1000, warmupMs: 300, inFlight: 300, maxParallelJobs: 128 }
  : { runs: 5, runMs: 2000, warmupMs: 1000, inFlight: 300, maxParallelJobs: 128 };
const parked = quick ? 500 : 5000;

const TARGET = { simple: 2000, ten: 500, p99Ms: 10, bytesPerParked: 4096 };

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(n));
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MiB`;
const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
const spreadText = (s: Spread) => `median ${fmt(s.median)}/s (min–max ${fmt(s.min)}–${fmt(s.max)}, runs: ${s.samples.map((v) => fmt(v)).join(', ')})`;
const line = (text = '') => console.log(text);
const storeText = (s: SqliteStoreStats) =>
  `store: ${fmt(s.transactions)} transactions in ${fmt(s.commits)} COMMITs (${fmt(s.transactions / Math.max(1, s.commits), 1)} per commit), ` +
  `checkpoints ${s.backgroundCheckpoints ? `in the background: ${fmt(s.checkpoints)} passes, ${fmt(s.walRestarts)} WAL restarts` : 'by SQLite inside COMMIT (auto)'}`;

const m = machineInfo();
line(`Oficio embedded engine benchmark${quick ? ' (--quick: one short run each, not for reporting)' : ''}`);
line(`date:    ${m.date}`);
line(`machine: ${m.cpu}, ${m.cores} cores, ${fmt(m.memoryGiB, 1)} GiB RAM, ${m.os}`);
line(`load:    1-min load average ${fmt(m.load1, 2)} at start${m.load1 > m.cores / 4 ? '  ← WARNING: the machine is busy with other work; figures are depressed' : ''}`);
line(`runtime: node ${m.node}, SQLite ${m.sqlite} (better-sqlite3)`);
line(`store:   SQLite on a temporary FILE, journal_mode=WAL, synchronous=NORMAL (the store's default), one engine per measurement, system clock`);
line(
  `driver:  ${throughput.inFlight} instances in flight (closed loop, createProcessInstance awaitCompletion), workers maxParallelJobs=${throughput.maxParallelJobs}; ` +
    `${throughput.runs} × ${throughput.runMs} ms measured after ${throughput.warmupMs} ms warm-up`,
);
line();

const memory = new MemorySampler().start();

memory.enter('a');
const { result: a, cpuShare: cpu_a } = await withCpuShare(() => measureSimpleThroughput(throughput));
line(`(a) start → service task → end`);
line(`    completed instances/s: ${spreadText(a.perSecond)}`);
line(
  `    target ≥ ${fmt(TARGET.simple)}/s: ${verdict(a.perSecond.median >= TARGET.simple)}   [check: ${fmt(a.completed)} completions seen, ${fmt(a.completedInStore)} COMPLETED in the store]`,
);
line(`    bench process CPU (user+system) ${fmt(cpu_a * 100)}% of wall time; ${storeText(a.store)}`);
line();

memory.enter('b');
const { result: b, cpuShare: cpu_b } = await withCpuShare(() => measureTenElementThroughput(throughput));
line(`(b) ten elements: start → XOR on amount → review|auto → XOR merge → fork → notify ∥ user task → join → end`);
line(`    completed instances/s: ${spreadText(b.perSecond)}`);
line(
  `    target ≥ ${fmt(TARGET.ten)}/s: ${verdict(b.perSecond.median >= TARGET.ten)}   [check: ${fmt(b.completed)} completions seen, ${fmt(b.completedInStore)} COMPLETED in the store; ${fmt(b.userTaskPolls)} searchUserTasks polls]`,
);
line(`    bench process CPU (user+system) ${fmt(cpu_b * 100)}% of wall time; ${storeText(b.store)}`);
line();

memory.enter('c');
// Moderate load: half the measured (a) throughput, at least 50/s.
const rate = Math.max(50, Math.round(a.perSecond.median / 2 / 50) * 50);
const { result: c, cpuShare: cpu_c } = await withCpuShare(() =>
  measureDispatchLatency({ ratePerSec: rate, loadedMs: quick ? 1000 : 4000, unloadedSamples: quick ? 50 : 300, maxParallelJobs: throughput.maxParallelJobs }),
);
line(`(c) job dispatch latency (createProcessInstance resolved → job handler invoked), start → service task → end`);
line(
  `    loaded (${fmt(c.loaded.ratePerSec)}/s open-loop ≈ half of (a), achieved ${fmt(c.loaded.achievedPerSec)}/s, ${fmt(c.loaded.samples)} jobs): ` +
    `p50 ${fmt(c.loaded.p50, 2)} ms, p99 ${fmt(c.loaded.p99, 2)} ms, max ${fmt(c.loaded.max, 2)} ms` +
    (c.loaded.beforeResolve ? ` (${c.loaded.beforeResolve} handlers ran before the create call resolved, counted as 0)` : ''),
);
line(
  `    unloaded (one at a time, ${fmt(c.unloaded.samples)} jobs): p50 ${fmt(c.unloaded.p50, 2)} ms, p99 ${fmt(c.unloaded.p99, 2)} ms, max ${fmt(c.unloaded.max, 2)} ms` +
    (c.unloaded.beforeResolve ? ` (${c.unloaded.beforeResolve} before resolve)` : ''),
);
line(`    target p99 < ${TARGET.p99Ms} ms: loaded ${verdict(c.loaded.p99 < TARGET.p99Ms)}, unloaded ${verdict(c.unloaded.p99 < TARGET.p99Ms)}`);
line(`    bench process CPU (user+system) ${fmt(cpu_c * 100)}% of wall time`);
line();

memory.enter('d');
const { result: d, cpuShare: cpu_d } = await withCpuShare(() => measureParkedFootprint({ instances: parked, inFlight: 64 }));
line(`(d) stored state per instance parked at a user task (start → user task → end; ${fmt(d.instances)} instances, page size ${d.pageSize})`);
line(`    db file + WAL growth after wal_checkpoint(TRUNCATE): ${fmt(d.fileBytesPerInstance)} B/instance`);
line(`    used pages ((page_count − freelist) × page_size):    ${fmt(d.pageBytesPerInstance)} B/instance`);
line(`    JSON documents alone:                                ${fmt(d.jsonBytesPerInstance)} B/instance`);
for (const col of d.byCollection) line(`      ${col.collection.padEnd(18)} ${fmt(col.rowsPerInstance, 2)} rows, ${fmt(col.jsonBytesPerInstance)} B JSON`);
line(`    target ≤ ${fmt(TARGET.bytesPerParked)} B/instance (file growth): ${verdict(d.fileBytesPerInstance <= TARGET.bytesPerParked)}`);
line(`    bench process CPU (user+system) ${fmt(cpu_d * 100)}% of wall time`);
line();

memory.stop();
line(`(e) peak memory of the bench process (sampled every 25 ms): rss ${mib(memory.peakRss)}, heapUsed ${mib(memory.peakHeapUsed)}`);
for (const [phase, peak] of memory.phases) if (phase !== 'start') line(`    during (${phase}): rss ${mib(peak.rss)}, heapUsed ${mib(peak.heapUsed)}`);
line();
line(`total bench time: ${fmt((Date.now() - started) / 1000, 1)} s; 1-min load average at the end ${fmt(machineInfo().load1, 2)}`);
line();
await runServerBench({ quick });
await runDesignerBench(line);
