// Benchmark of the audit trail on a SQLite file: appending (one at a time and many in flight),
// then verifying, querying and exporting a trail of 1,000,000 events. Prints medians of several
// runs; asserts nothing (test/core/audit-bench.test.ts only keeps it from rotting).
// Run: node --import tsx bench/audit.ts [events=1000000] [runs=3]    (--quick: 20,000 events, 1 run)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AUDIT_EVENTS_COLLECTION,
  AUDIT_HEAD_COLLECTION,
  GENESIS_HASH,
  auditEventHash,
  auditEventId,
  createAuditTrail,
  type AuditEvent,
  type AuditEventInput,
  type AuditTrail,
} from '../server/core/audit/index.js';
import { createSqliteStore, type SqliteStore } from '../server/store/sqlite/index.js';

export interface AuditBenchOptions {
  /** Events in the trail that verify, query and export are measured on. */
  events: number;
  /** Runs of each measurement; the median is reported. */
  runs: number;
  /** Appends per append run. */
  appends: number;
  /** Appends in flight at once for the concurrent measurement. */
  inFlight: number;
  /** Prints progress and results; silent when absent. */
  log?: (line: string) => void;
}

export interface AuditBenchResult {
  appendSequentialPerSecond: number;
  appendConcurrentPerSecond: number;
  appendOnFullTrailPerSecond: number;
  verifySeconds: number;
  verifyEventsPerSecond: number;
  queryFirstPageMs: { byActor: number; byInstance: number; byDateRange: number; count: number };
  exportSeconds: number;
  exportRowsPerSecond: number;
  /** Peak growth of the heap while verifying / exporting the full trail (flat means paged). */
  verifyHeapGrowthMiB: number;
  exportHeapGrowthMiB: number;
  fileMiB: number;
  intact: boolean;
}

const ACTORS = Array.from({ length: 50 }, (_, i) => ({ id: `u${i}`, name: `Usuaria ${i}`, roles: ['mesa-ayuda'] }));
const ACTIONS = ['instance.start', 'task.claim', 'task.complete', 'task.reassign', 'auth.login', 'attachment.upload'];
const T0 = Date.parse('2026-01-05T09:00:00.000Z');

/** A realistic event: a person completing a task of one of 20,000 instances with a small form. */
function sampleEvent(i: number): AuditEventInput {
  return {
    actor: ACTORS[i % ACTORS.length]!,
    action: ACTIONS[i % ACTIONS.length]!,
    processInstanceKey: String(2251799813685249 + (i % 20_000)),
    userTaskKey: String(2251799813900000 + i),
    data: { folio: `RD-${i}`, aprobado: i % 3 !== 0, comentario: 'Revisado conforme al manual de procedimientos' },
    ip: `10.0.${(i >> 8) & 255}.${i & 255}`,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Samples heapUsed while `work` runs; answers the peak growth over the start, in MiB. */
async function heapGrowth<T>(work: () => Promise<T>): Promise<{ mib: number; value: T }> {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { mib: (peak - base) / 2 ** 20, value };
  } finally {
    clearInterval(timer);
  }
}

async function appendRun(trail: AuditTrail, count: number, inFlight: number, offset: number): Promise<number> {
  let next = 0;
  const { ms } = await timed(() =>
    Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < count) await trail.record(sampleEvent(offset + next++));
      }),
    ),
  );
  return count / (ms / 1000);
}

/**
 * Fills the trail to `total` events quickly: rows built exactly as record() builds them (same
 * fields, same hash), inserted 10,000 per transaction. Only the benchmarks do this.
 */
export async function fillChain(
  store: SqliteStore,
  trail: AuditTrail,
  total: number,
  rowAt: (sequence: number, at: string) => AuditEvent,
  options: { startMs: number; log: (line: string) => void },
): Promise<void> {
  const head = await trail.head();
  let prevHash = head.sequence === 0 ? GENESIS_HASH : head.hash;
  let sequence = head.sequence;
  let at = options.startMs;
  const started = performance.now();
  while (sequence < total) {
    const rows: Array<AuditEvent & { id: string }> = [];
    for (let n = 0; n < 10_000 && sequence < total; n++) {
      sequence++;
      const row = rowAt(sequence, new Date((at += 250)).toISOString());
      row.prevHash = prevHash;
      row.hash = auditEventHash(prevHash, row);
      prevHash = row.hash;
      rows.push({ ...row, id: auditEventId(sequence) });
    }
    const last = rows[rows.length - 1]!;
    await store.transaction(async (tx) => {
      await tx.collection<AuditEvent>(AUDIT_EVENTS_COLLECTION).insertMany(rows);
      const heads = tx.collection<{ sequence: number; hash: string; at: string }>(AUDIT_HEAD_COLLECTION);
      const current = await heads.get('head');
      const next = { sequence: last.sequence, hash: last.hash, at: last.at };
      if (current) await heads.update('head', next, current.version);
      else await heads.insert({ ...next, id: 'head' });
    });
    if (sequence % 200_000 === 0) options.log(`  ${sequence.toLocaleString('en-US')} audit events (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

async function fill(store: SqliteStore, trail: AuditTrail, total: number, log: (line: string) => void): Promise<void> {
  await fillChain(
    store,
    trail,
    total,
    (sequence, at) => {
      const input = sampleEvent(sequence);
      const actor = input.actor as { id: string; name: string; roles: string[] };
      return { sequence, at, ...input, actorId: actor.id } as AuditEvent;
    },
    { startMs: T0, log },
  );
}

export async function measureAuditTrail(options: AuditBenchOptions): Promise<AuditBenchResult> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'oficio-bench-audit-'));
  const path = join(dir, 'audit.sqlite');
  let store = createSqliteStore({ path });
  try {
    let clock = T0 - 1_000_000_000;
    let trail = createAuditTrail({ store, now: () => (clock += 1) });

    log(`appending ${options.appends.toLocaleString('en-US')} events per run, ${options.runs} run(s)…`);
    const sequential: number[] = [];
    const concurrent: number[] = [];
    let offset = 0;
    for (let run = 0; run < options.runs; run++) {
      sequential.push(await appendRun(trail, options.appends, 1, (offset += options.appends)));
      concurrent.push(await appendRun(trail, options.appends, options.inFlight, (offset += options.appends)));
    }

    log(`filling the trail to ${options.events.toLocaleString('en-US')} events…`);
    await fill(store, trail, options.events, log);
    // A fresh connection: verify reads from the file, not from what the fill left in its cache.
    await store.close();
    store = createSqliteStore({ path });
    trail = createAuditTrail({ store, now: () => (clock += 1) });

    log('verifying…');
    const verifyMs: number[] = [];
    let intact = true;
    let verifyHeap = 0;
    let events = 0;
    for (let run = 0; run < options.runs; run++) {
      const { mib, value } = await heapGrowth(() => timed(() => trail.verify()));
      verifyMs.push(value.ms);
      verifyHeap = Math.max(verifyHeap, mib);
      intact &&= value.value.intact;
      if (value.value.intact) events = value.value.events;
      log(`  run ${run + 1}: ${(value.ms / 1000).toFixed(2)} s, ${JSON.stringify(value.value)}`);
    }

    log('querying…');
    const q = { byActor: [] as number[], byInstance: [] as number[], byDateRange: [] as number[], count: [] as number[] };
    const from = new Date(T0 + 250 * Math.floor(options.events / 2)).toISOString();
    const to = new Date(T0 + 250 * Math.floor(options.events / 2 + 10_000)).toISOString();
    for (let run = 0; run < options.runs; run++) {
      q.byActor.push((await timed(() => trail.query({ actor: 'u7' }, { limit: 50 }))).ms);
      q.byInstance.push((await timed(() => trail.query({ processInstanceKey: String(2251799813685249 + 1234) }, { limit: 50 }))).ms);
      q.byDateRange.push((await timed(() => trail.query({ from, to, action: 'task.claim' }, { limit: 50 }))).ms);
      q.count.push((await timed(() => trail.count({ actor: 'u7' }))).ms);
    }

    log('appending on the full trail…');
    const onFull: number[] = [];
    for (let run = 0; run < options.runs; run++) onFull.push(await appendRun(trail, options.appends, options.inFlight, (offset += options.appends)));

    log('exporting CSV…');
    const exportMs: number[] = [];
    let exportHeap = 0;
    let rows = 0;
    for (let run = 0; run < options.runs; run++) {
      const { mib, value } = await heapGrowth(() =>
        timed(async () => {
          let lines = 0;
          let bytes = 0;
          for await (const line of trail.exportCsv()) {
            lines++;
            bytes += line.length;
          }
          return { lines, bytes };
        }),
      );
      exportMs.push(value.ms);
      exportHeap = Math.max(exportHeap, mib);
      rows = value.value.lines - 1;
    }

    const verifySeconds = median(verifyMs) / 1000;
    const exportSeconds = median(exportMs) / 1000;
    return {
      appendSequentialPerSecond: median(sequential),
      appendConcurrentPerSecond: median(concurrent),
      appendOnFullTrailPerSecond: median(onFull),
      verifySeconds,
      verifyEventsPerSecond: events / verifySeconds,
      queryFirstPageMs: { byActor: median(q.byActor), byInstance: median(q.byInstance), byDateRange: median(q.byDateRange), count: median(q.count) },
      exportSeconds,
      exportRowsPerSecond: rows / exportSeconds,
      verifyHeapGrowthMiB: verifyHeap,
      exportHeapGrowthMiB: exportHeap,
      fileMiB: statSync(path).size / 2 ** 20,
      intact,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const numbers = process.argv
    .slice(2)
    .filter((a) => /^\d+$/.test(a))
    .map(Number);
  const events = numbers[0] ?? (quick ? 20_000 : 1_000_000);
  const runs = numbers[1] ?? (quick ? 1 : 3);
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  console.log(`Oficio audit trail benchmark — SQLite file (WAL, synchronous=NORMAL), node ${process.version}`);
  const r = await measureAuditTrail({ events, runs, appends: quick ? 2_000 : 10_000, inFlight: 100, log: (l) => console.log(l) });
  console.log('');
  console.log(`append, one at a time (await each):   median ${fmt(r.appendSequentialPerSecond)} events/s`);
  console.log(`append, 100 in flight (group commit): median ${fmt(r.appendConcurrentPerSecond)} events/s`);
  console.log(`append, 100 in flight, full trail:    median ${fmt(r.appendOnFullTrailPerSecond)} events/s`);
  console.log(
    `verify ${fmt(events)} events:           median ${fmt(r.verifySeconds, 2)} s (${fmt(r.verifyEventsPerSecond)} events/s), heap growth ≤ ${fmt(r.verifyHeapGrowthMiB, 1)} MiB, intact: ${r.intact}`,
  );
  console.log(
    `query, first page of 50 (median ms): by actor ${fmt(r.queryFirstPageMs.byActor, 2)}, by instance ${fmt(r.queryFirstPageMs.byInstance, 2)}, by dates + action ${fmt(r.queryFirstPageMs.byDateRange, 2)}; count by actor ${fmt(r.queryFirstPageMs.count, 2)}`,
  );
  console.log(`export CSV of the whole trail:        median ${fmt(r.exportSeconds, 2)} s (${fmt(r.exportRowsPerSecond)} rows/s), heap growth ≤ ${fmt(r.exportHeapGrowthMiB, 1)} MiB`);
  console.log(`store file: ${fmt(r.fileMiB, 0)} MiB`);
}
