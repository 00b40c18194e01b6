// Keeps bench/server.ts from rotting: builds its database at a tiny size and runs every
// measurement once. No timing targets — this machine's speed is not under test here; what is
// checked is that the data is what the engine and the audit trail would have written, and that
// each figure is a plausible one (test/support/plausible.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GROUPS,
  benchEvent,
  groupsOf,
  measureInstanceDetail,
  measureTasklist,
  openServerBench,
  percentiles,
  prepareServerDatabase,
  schemaFingerprint,
  type ServerBench,
} from '../bench/server.js';
import { AUDIT_EVENTS_COLLECTION, GENESIS_HASH, auditEventHash, createAuditTrail, type AuditEventInput } from '../server/core/audit/index.js';
import { createSqliteStore } from '../server/store/sqlite/index.js';
import { expectDurations, expectPlausible } from './support/plausible.js';

const TASKS = 60;
const EVENTS = 700;

describe('bench/server.ts measurements (tiny sizes)', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'oficio-bench-server-'));
  let bench: ServerBench;

  beforeAll(async () => {
    const started = performance.now();
    const built = await prepareServerDatabase({ tasks: TASKS, events: EVENTS, templates: 20, inFlight: 8, cacheDir });
    const wallSeconds = (performance.now() - started) / 1000;
    expect(built.fromCache).toBe(false);
    // Every engine-started instance but the template was reproduced exactly by the clone function.
    expect(built.build).toMatchObject({ viaEngine: 20, cloned: 40, verified: 19 });
    // The build's own timings lie within the call; 60 tasks and 700 events are about a MiB.
    expectPlausible('tasks + events build seconds', built.build!.tasksSeconds + built.build!.eventsSeconds, 1e-4, wallSeconds);
    expectPlausible('file MiB', built.fileMiB, 0.05, 100);
    bench = await openServerBench(built.path);
  }, 60_000);

  afterAll(async () => {
    await bench?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('reuses the cached database for the same sizes and code', async () => {
    const again = await prepareServerDatabase({ tasks: TASKS, events: EVENTS, templates: 20, cacheDir });

    expect(again.fromCache).toBe(true);
    expect(again.path).toContain(schemaFingerprint());
    expect(again.build?.verified).toBe(19);
  });

  it('holds the open tasks, engine-started and cloned alike, over the candidate groups', async () => {
    const all = await bench.engine.searchUserTasks({ filter: { state: 'CREATED' }, page: { limit: 1000 } });
    expect(all.page.totalItems).toBe(TASKS);
    const memberships = Array.from({ length: TASKS }, (_, i) => groupsOf(i)).flat();
    for (const group of ['mesa-ayuda', GROUPS[1]!]) {
      const page = await bench.engine.searchUserTasks({ filter: { candidateGroup: group, state: 'CREATED' }, page: { limit: 1000 } });
      expect(page.page.totalItems).toBe(memberships.filter((g) => g === group).length);
      expect(page.items.every((t) => t.candidateGroups?.includes(group))).toBe(true);
    }
    // Every one has its case, engine-started and cloned alike, each with a folio of its own.
    const cases = await bench.cases.ofInstances(all.items.map((t) => t.processInstanceKey!));
    expect(new Set([...cases.values()].map((c) => c.folio)).size).toBe(TASKS);
  });

  it('(a) tasklist reports percentiles and the group totals', async () => {
    const started = performance.now();
    const r = await measureTasklist(bench, { runs: 1 });
    const wallMs = performance.now() - started;

    expect(r.totalItems).toBe(Array.from({ length: TASKS }, (_, i) => groupsOf(i).length).reduce((a, b) => a + b, 0));
    expect(r.byCreation.samples).toBe(GROUPS.length);
    expect(r.byDue.samples).toBe(GROUPS.length);
    expect(r.busiest.samples).toBe(1);
    expect(r.withCases.samples).toBe(GROUPS.length);
    expect(r.byDue.p95).toBeGreaterThanOrEqual(r.byDue.p50);
    for (const [what, p] of Object.entries({ byCreation: r.byCreation, byDue: r.byDue, busiest: r.busiest })) expectDurations(what, [p.p50, p.p95, p.max], wallMs);
    expect(r.busiest.group).toBe('mesa-ayuda');
    expect(r.pageSize).toBeGreaterThan(0);
    // The first page of the busiest group: all of its tasks, up to the page limit of 50.
    expect(r.pageSize).toBe(Math.min(50, r.busiest.totalItems));
    // At this size every group fits one page: there is no second page to read.
    expect(r.busiest.totalItems).toBeLessThanOrEqual(50);
    expect(r.nextPage.samples).toBe(0);
  });

  it('(b) instance detail reports percentiles and what each detail held', async () => {
    const started = performance.now();
    const r = await measureInstanceDetail(bench, { runs: 5 });
    const wallMs = performance.now() - started;

    expect(r.instances).toBe(5);
    expect(r.samples).toBe(5);
    expect(r.p95).toBeGreaterThanOrEqual(r.p50);
    expectDurations('instance detail', [r.p50, r.p95, r.max], wallMs);
    expect(r.avgElements).toBeGreaterThan(0);
    expect(r.avgVariables).toBeGreaterThanOrEqual(6);
    expect(r.avgAuditEvents).toBeGreaterThan(0);
    // An instance of start → user task, its variables and its share of the trail.
    expectPlausible('elements per detail', r.avgElements, 1, 100);
    expectPlausible('variables per detail', r.avgVariables, 6, 1000);
    expectPlausible('audit events per detail', r.avgAuditEvents, 1, EVENTS);
  });

  it('holds an intact audit chain of the requested length', async () => {
    expect(await bench.audit.verify()).toMatchObject({ intact: true, events: EVENTS });
  });

  it('builds each audit event exactly as AuditTrail.record stores it', async () => {
    const at = '2026-01-05T09:00:00.250Z';
    const built = benchEvent(1, [['2251799813685300', '2251799813685305']], at);
    built.prevHash = GENESIS_HASH;
    built.hash = auditEventHash(GENESIS_HASH, built);
    const store = createSqliteStore({ path: ':memory:' });
    const trail = createAuditTrail({ store, now: () => Date.parse(at) });
    const { sequence: _s, at: _a, actorId: _id, prevHash: _p, hash: _h, ...input } = built;
    await trail.record(input as AuditEventInput);
    const stored = await store.collection(AUDIT_EVENTS_COLLECTION).get('000000000001');
    await store.close();

    expect(stored).toEqual({ ...built, id: '000000000001', version: 1 });
  });

  it('percentiles answer the nearest rank', () => {
    expect(percentiles(Array.from({ length: 100 }, (_, i) => 100 - i))).toEqual({ samples: 100, p50: 50, p95: 95, max: 100 });
  });
});
