// Keeps bench/server.ts from rotting: builds its database at a tiny size and runs every
// measurement once. No timing assertions — this machine's speed is not under test here; what is
// checked is that the data is what the engine and the audit trail would have written.
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

const TASKS = 60;
const EVENTS = 700;

describe('bench/server.ts measurements (tiny sizes)', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'oficio-bench-server-'));
  let bench: ServerBench;

  beforeAll(async () => {
    const built = await prepareServerDatabase({ tasks: TASKS, events: EVENTS, templates: 20, inFlight: 8, cacheDir });
    expect(built.fromCache).toBe(false);
    // Every engine-started instance but the template was reproduced exactly by the clone function.
    expect(built.build).toMatchObject({ viaEngine: 20, cloned: 40, verified: 19 });
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
  });

  it('(a) tasklist reports percentiles and the group totals', async () => {
    const r = await measureTasklist(bench, { runs: 1 });

    expect(r.totalItems).toBe(Array.from({ length: TASKS }, (_, i) => groupsOf(i).length).reduce((a, b) => a + b, 0));
    expect(r.byCreation.samples).toBe(GROUPS.length);
    expect(r.byDue.p95).toBeGreaterThanOrEqual(r.byDue.p50);
    expect(r.busiest.group).toBe('mesa-ayuda');
    expect(r.pageSize).toBeGreaterThan(0);
  });

  it('(b) instance detail reports percentiles and what each detail held', async () => {
    const r = await measureInstanceDetail(bench, { runs: 5 });

    expect(r.instances).toBe(5);
    expect(r.p95).toBeGreaterThanOrEqual(r.p50);
    expect(r.avgElements).toBeGreaterThan(0);
    expect(r.avgVariables).toBeGreaterThanOrEqual(6);
    expect(r.avgAuditEvents).toBeGreaterThan(0);
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
